import html

from django.urls import reverse


def test_the_home_page_lists_the_offices(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Staffordshire Commissioner's Office" in page
    assert "Police and Crime Commissioner for Warwickshire" in page
    assert "Policing, Crime, Fire & Rescue" in page
