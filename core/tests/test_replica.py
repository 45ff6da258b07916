"""Issue 14: with a replica configured, exports, totals and report files read from it, and every
write (the export's audit row included) goes to the primary. The test's "replica" is a second
alias on the same database (settings: TEST MIRROR), as a streaming replica would look."""
import pytest
from django.db import connections
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from accounts.testing import make_user, sign_in
from audit.models import AuditEntry
from core.db import ReplicaRouter, read_replica
from core.roles import Role
from geo.testing import make_province
from partners.models import Organization
from partners.testing import make_organization

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])


def test_without_a_replica_everything_reads_the_primary():
    router = ReplicaRouter()
    with read_replica():
        assert router.db_for_read(Organization) == "default"
    assert router.db_for_write(Organization) == "default"


@override_settings(SAFIRAN_READ_REPLICA=True)
def test_reads_go_to_the_replica_only_inside_read_replica():
    router = ReplicaRouter()
    assert router.db_for_read(Organization) == "default"
    with read_replica():
        assert router.db_for_read(Organization) == "replica"
        assert router.db_for_write(Organization) == "default"
    assert router.db_for_read(Organization) == "default"
    assert router.allow_migrate("replica", "partners") is False


@override_settings(SAFIRAN_READ_REPLICA=True)
def test_an_export_reads_the_replica_and_writes_its_audit_row_to_the_primary(client):
    organization = make_organization(make_province("23"))
    user = make_user(Role.COORDINATOR, organization.province)
    sign_in(client, user)
    with CaptureQueriesContext(connections["replica"]) as replica, CaptureQueriesContext(connections["default"]) as primary:
        response = client.get("/partners/organizations/", {"export": "xlsx"})
    assert response.status_code == 200
    replica_sql = " ".join(query["sql"] for query in replica.captured_queries)
    primary_sql = " ".join(query["sql"] for query in primary.captured_queries)
    assert "partners_organization" in replica_sql
    assert "partners_organization" not in primary_sql  # the rows came from the replica
    assert "INSERT INTO" in primary_sql and "INSERT INTO" not in replica_sql
    assert AuditEntry.objects.filter(additional_data__event="export").exists()

    # An ordinary page is read from the primary.
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert client.get("/partners/organizations/").status_code == 200
    assert not replica.captured_queries
