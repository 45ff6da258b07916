def test_api_docs_work_offline(client):
    html = client.get("/api/docs").content.decode()
    assert "swagger-ui-bundle" in html
    assert "cdn." not in html and "unpkg" not in html
    schema = client.get("/api/openapi.json").json()
    assert schema["info"]["title"] == "Safiran API"
