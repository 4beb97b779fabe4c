from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from decisions.models import ProposedDecision, PublishedCopy


class PublishedDecisions(Sitemap):
    changefreq = "yearly"
    limit = 10000

    def items(self):
        return PublishedCopy.objects.public().only("slug", "published_at").order_by("pk")

    def lastmod(self, copy):
        return copy.published_at


class ForwardPlanNotices(Sitemap):
    """Every notice the public may see, pending, decided or withdrawn."""

    changefreq = "weekly"
    limit = 10000

    def items(self):
        return ProposedDecision.objects.public().only("pk", "updated_at").order_by("pk")

    def lastmod(self, notice):
        return notice.updated_at


class PublicPages(Sitemap):
    changefreq = "daily"

    def items(self):
        return [
            "public:register",
            "public:contracts",
            "public:forward_plan",
            "public:accessibility",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "pages": PublicPages,
    "decisions": PublishedDecisions,
    "forward-plan": ForwardPlanNotices,
}
