"""Who may see what: an officer works for the offices they hold a current role in."""

from django.core.exceptions import PermissionDenied

from commissioning.models import Office, RoleAssignment


def offices_of(user) -> list[Office]:
    if not user.is_authenticated or not user.is_active:
        return []
    office_ids = RoleAssignment.objects.current().filter(person__user=user).values("office_id")
    return list(Office.objects.filter(pk__in=office_ids).order_by("name"))


def current_office(request) -> Office:
    """The office the signed-in officer is working for (chosen with ?office=slug when they
    hold roles in several); 403 for a user who holds no role in any office."""
    offices = offices_of(request.user)
    if not offices:
        raise PermissionDenied("You do not hold a role in any office.")
    chosen = request.GET.get("office")
    office = next((office for office in offices if office.slug == chosen), offices[0])
    request.office_id = office.pk  # for the request's log line (commissioning.request_log)
    return office
