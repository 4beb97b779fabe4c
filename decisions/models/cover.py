"""Cover: a signer away names someone to sign for them meanwhile. Steps that fall to the absent
signer in that period go to the deputy, who signs in their own name "for" the absent signer;
the record prints it (SignOff.signed_for)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from commissioning.models import Office, Person, Role


class CoverQuerySet(models.QuerySet):
    def in_force(self, on):
        return self.filter(starts_on__lte=on, ends_on__gte=on, ended_at__isnull=True)


class Cover(models.Model):
    """Someone named to sign, for a period, the steps that fall to a signer who is away.

    Written by decisions.signoff.cover alone, with an audit event; ending it early keeps the
    row, so the trail and the records it signed still say who covered for whom."""

    office = models.ForeignKey(Office, on_delete=models.CASCADE, related_name="covers")
    role = models.CharField(
        max_length=30, choices=Role, help_text="The absent signer's role that is covered."
    )
    absent = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="covered_by", verbose_name="who is away"
    )
    deputy = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="covering", verbose_name="who signs"
    )
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(
        max_length=200, blank=True, help_text="e.g. 'Annual leave'. Shown to colleagues only."
    )
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    named_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the cover was ended early, if it was."
    )

    objects = CoverQuerySet.as_manager()

    class Meta:
        ordering = ["office", "-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="cover_ends_after_it_starts",
                violation_error_message="Cover cannot end before it starts.",
            ),
            models.CheckConstraint(
                condition=~Q(absent=F("deputy")),
                name="cover_is_by_someone_else",
                violation_error_message="Someone cannot cover for themselves.",
            ),
        ]

    def __str__(self):
        return f"{self.deputy} for {self.absent} ({self.get_role_display()}), {self.period}"

    @property
    def period(self) -> str:
        if self.starts_on == self.ends_on:
            return f"{self.starts_on:%-d %B %Y}"
        return f"{self.starts_on:%-d %B %Y} to {self.ends_on:%-d %B %Y}"
