import html
import re

from django.urls import reverse

from tests.factories import officer_of


def test_the_home_page_lists_the_offices(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get(reverse("home"))
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Staffordshire Commissioner's Office" in page
    assert "Police and Crime Commissioner for Warwickshire" in page
    assert "Policing, Crime, Fire & Rescue" in page


def test_the_office_colour_is_set_in_a_style_block_the_policy_admits(client, staffordshire):
    client.force_login(officer_of(staffordshire, "colour.check"))
    response = client.get("/")
    page = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">\.app-header \{ --office-colour: #1b3f6b; \}', page)
    assert nonce, "the header colour is in a nonced <style> block"
    assert f"'nonce-{nonce[1]}'" in response["Content-Security-Policy"].split("style-src")[1]
    assert ' style="' not in page  # style attributes would be blocked by the policy
