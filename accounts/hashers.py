"""Argon2id at a cost this programme's servers can pay at sign-in time (issue 14).

Django's default Argon2 costs 100 MiB and 8 lanes per hash: about 210 ms of CPU each on this
machine's 2 cores, so fifty people signing in at once queue for seconds. OWASP's password
storage cheat sheet lists equivalent Argon2id settings; we take its first one, m=19 MiB, t=2,
p=1: about 23 ms of CPU per sign-in here (measured in docs/operations.md#sign-in-cost), still
memory-hard, with the lockout after five failures (django-axes) unchanged.

The algorithm name stays "argon2": a stored hash carries its own parameters, so hashes made
with the old costs still verify, and Django re-hashes them with these costs at the person's
next successful sign-in (`must_update`).
"""
from django.conf import settings
from django.contrib.auth.hashers import Argon2PasswordHasher


class SafiranArgon2PasswordHasher(Argon2PasswordHasher):
    time_cost = settings.SAFIRAN_ARGON2_TIME_COST
    memory_cost = settings.SAFIRAN_ARGON2_MEMORY_KIB
    parallelism = settings.SAFIRAN_ARGON2_PARALLELISM
