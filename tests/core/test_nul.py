"""A NUL character in a path or a query is a 400 on every database (PostgreSQL refuses NUL
in text: it was a 500 there), the page's for pages and the API's JSON for the API."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/powers/org/%00/", "/decisions/?org=%00", "/office/cases/?q=%00"])
def test_a_nul_in_a_page_address_is_a_400_page(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()


def test_a_nul_in_an_api_address_is_a_400_in_the_apis_shape(client):
    response = client.get("/api/v1/orgs/%00")
    assert response.status_code == 400
    body = response.json()
    assert body["message_zh"] and body["message_en"]
