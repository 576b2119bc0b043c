from django.core.mail import send_mail
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_POST

from .models import Order


def order_detail(request, pk):
    order = get_object_or_404(Order, pk=pk)
    return JsonResponse({
        'id': order.pk,
        'status': order.status,
        'total': str(order.total),
        'created_at': order.created_at.isoformat(),
        'paid_at': order.paid_at.isoformat() if order.paid_at else None,
    })


@require_POST
def mark_paid(request, pk):
    order = get_object_or_404(Order, pk=pk, status=Order.Status.PENDING)
    order.status = Order.Status.PAID
    order.paid_at = timezone.now()
    order.save(update_fields=['status', 'paid_at'])
    # Sent while the customer waits: slow when the mail server is.
    send_mail(
        subject=f'Your order #{order.pk} is paid',
        message=f'Thank you! We received {order.total} and will ship your order soon.',
        from_email=None,
        recipient_list=[order.email],
    )
    return JsonResponse({'id': order.pk, 'status': order.status})
