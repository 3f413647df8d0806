"""Printshop background work: Etsy order syncs, notification deliveries (thin, idempotent, safe to run twice)."""

import logging
import random

from celery import shared_task

from config.errors import DomainError

from .etsy.client import EtsyPermanentError, EtsyTransientError
from .etsy.sync import sync_shop
from .models import EtsyShop
from .services import delivery

logger = logging.getLogger(__name__)

SYNC_RETRY_MAX_SECONDS = 30 * 60


@shared_task(name="printshop.tasks.sync_etsy_shops_task")
def sync_etsy_shops_task() -> int:
    """Beat: one sync task per linked shop (shops waiting for a new sign-in are left alone)."""
    shop_ids = list(EtsyShop.objects.filter(needs_relink=False).order_by("id").values_list("pk", flat=True))
    for shop_id in shop_ids:
        sync_etsy_shop_task.delay(shop_id)
    return len(shop_ids)


@shared_task(name="printshop.tasks.sync_etsy_shop_task", bind=True, max_retries=8)
def sync_etsy_shop_task(self, shop_id: int) -> int | None:
    """Sync one shop; Etsy down or rate-limiting is retried later with doubling, jittered pauses (or
    the pause Etsy asked for). A refusal (revoked access, Etsy not configured) is recorded and left."""
    shop = EtsyShop.objects.filter(pk=shop_id, needs_relink=False).first()
    if shop is None:
        return None
    try:
        return sync_shop(shop).created
    except EtsyTransientError as failed:
        pause = failed.retry_after or min(60 * 2**self.request.retries, SYNC_RETRY_MAX_SECONDS)
        raise self.retry(exc=failed, countdown=pause + random.uniform(0, pause / 4)) from None
    except (EtsyPermanentError, DomainError) as refused:
        logger.warning("Etsy sync of shop %s refused: %s", shop_id, refused)
        return None


@shared_task(name="printshop.tasks.deliver_notifications_task")
def deliver_notifications_task(limit: int = 100) -> int:
    """Send the due notification deliveries (after an event commits, and every minute for retries)."""
    return delivery.drain(limit)
