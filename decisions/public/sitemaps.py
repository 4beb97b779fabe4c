from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from decisions.models import PublishedCopy


class PublishedDecisions(Sitemap):
    changefreq = "yearly"
    limit = 10000

    def items(self):
        return PublishedCopy.objects.public().only("slug", "published_at").order_by("pk")

    def lastmod(self, copy):
        return copy.published_at


class PublicPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return ["public:register", "public:contracts", "public:accessibility"]

    def location(self, name):
        return reverse(name)


SITEMAPS = {"pages": PublicPages, "decisions": PublishedDecisions}
