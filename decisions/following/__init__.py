"""Following the register by e-mail, without an account: alerts on a register search, confirmed
from a link (double opt-in), sent as a daily or weekly digest by `send_alert_digests`, each
e-mail with a one-click unsubscribe (RFC 8058) and a link to manage every alert of the
address. The per-search feeds are the register's own (decisions.public.feeds)."""
