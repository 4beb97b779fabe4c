"""The headers a security review asks for, on a public page and on private ones, as production
sends them: a Content Security Policy whose nonce every inline script carries, HSTS over HTTPS,
nosniff, a referrer policy, no framing, an opener policy, and cookies that are Secure, HttpOnly
and SameSite."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from decisions.models import PublishedCopy
from tests.deployment.production import production_env, production_settings
from tests.factories import decision, officer_of, signed_in

HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "SECURE_CROSS_ORIGIN_OPENER_POLICY",
    "X_FRAME_OPTIONS",
]


@pytest.fixture(scope="module")
def production_https_settings(tmp_path_factory):
    """What a production process (DEBUG off, real environment) sets them to, read from one."""
    database = tmp_path_factory.mktemp("headers") / "unused.sqlite3"
    return production_settings(HTTPS_SETTINGS, production_env(DATABASE_URL=f"sqlite:///{database}"))


@pytest.fixture(autouse=True)
def as_in_production(settings, production_https_settings):
    for name, value in production_https_settings.items():
        setattr(settings, name, value)


def public_pages():
    copy = PublishedCopy.objects.public().get(decision=decision("WPCC4-0004"))
    return [reverse("public:register"), reverse("public:decision", args=[copy.slug])]


def private_pages():
    return [
        reverse("home"),
        reverse("decisions:list"),
        reverse("decisions:detail", args=[decision("SCP/D/202425/003").pk]),
        reverse("decisions:edit_whole", args=[decision("SCP/D/202425/003").pk]),
        reverse("contracts:list"),
    ]


@pytest.fixture
def officer(staffordshire):
    return officer_of(staffordshire, "pete.scott")


class Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.scripts, self.styles, self.handlers, self.script_urls = [], [], [], []
        self._in_script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self._in_script = attributes
            self.scripts.append(attributes)
        if tag == "style":
            self.styles.append(attributes)
        for name, value in attrs:
            if name.startswith("on"):
                self.handlers.append(f"<{tag} {name}>")
            if name in ("href", "src", "action", "formaction") and (
                value or ""
            ).strip().lower().startswith("javascript:"):
                self.script_urls.append(f"<{tag} {name}={value}>")


def directives(policy: str) -> dict[str, list[str]]:
    return {
        parts[0]: parts[1:]
        for parts in (directive.split() for directive in policy.split(";"))
        if parts
    }


def assert_production_headers(response):
    policy = directives(response["Content-Security-Policy"])
    scripts = policy["script-src"]
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert "'unsafe-inline'" not in policy["style-src"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    (nonce,) = [re.fullmatch(r"'nonce-(.+)'", s).group(1) for s in scripts if "nonce" in s]

    tags = Tags()
    tags.feed(response.content.decode())
    assert tags.scripts, "each page has at least the GOV.UK start-up script"
    for script in tags.scripts:
        assert script.get("nonce") == nonce, script
    for style in tags.styles:
        assert style.get("nonce") == nonce, style
    assert tags.handlers == []
    assert tags.script_urls == []

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    hsts = response["Strict-Transport-Security"]
    assert int(re.search(r"max-age=(\d+)", hsts).group(1)) >= 31536000
    assert "includeSubDomains" in hsts
    return nonce


def assert_hardened(cookie):
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_the_public_pages_send_the_headers():
    client = Client()
    nonces = set()
    for url in public_pages():
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        nonces.add(assert_production_headers(response))
    assert len(nonces) == 2, "a nonce is new on every response"


def test_the_private_pages_send_the_headers_and_a_hardened_session_cookie(officer):
    client = signed_in(officer)
    for url in private_pages():
        response = client.get(url, secure=True)
        assert response.status_code == 200, url
        assert_production_headers(response)
        assert_hardened(response.cookies["sessionid"])


def test_the_csrf_cookie_is_hardened():
    response = Client().get(reverse("login"), secure=True)

    assert response.status_code == 200
    assert_hardened(response.cookies["csrftoken"])


def test_a_plain_http_request_is_sent_to_https(officer):
    response = signed_in(officer).get(reverse("decisions:list"))

    assert response.status_code == 301
    assert response["Location"] == "https://testserver/workspace/decisions/"


def test_hsts_is_only_sent_over_https():
    """Over plain HTTP the header means nothing (and the redirect comes first)."""
    response = Client().get("/healthz")
    assert "Strict-Transport-Security" not in response


def walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def test_no_view_of_the_product_is_exempt_from_csrf():
    exempt = [
        url
        for url, view in walk(get_resolver().url_patterns)
        if getattr(view, "csrf_exempt", False)
    ]
    # Only the one-click unsubscribe of the alert e-mails (RFC 8058): a mail client POSTs it
    # with no page and so no token; the signed token in its address is its authority, and all
    # it can do is stop an alert.
    assert exempt == ["alerts/unsubscribe/<str:token>/"]
