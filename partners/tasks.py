"""Background tasks: thin wrappers over partners' services, safe to run twice."""

from django_tasks import task

from partners.mailing import notification_mail


@task()
def mail_partner_notification(notification_id: int) -> int:
    return notification_mail(notification_id=notification_id)
