from decimal import Decimal

from django.core import mail
from django.test import TestCase

from .models import Order


class MarkPaidTests(TestCase):
    def test_marks_the_order_paid_and_emails_the_customer(self):
        order = Order.objects.create(email='ada@example.com', total=Decimal('42.00'))

        response = self.client.post(f'/orders/{order.pk}/pay/')

        self.assertEqual(response.status_code, 200)
        order.refresh_from_db()
        self.assertEqual(order.status, Order.Status.PAID)
        self.assertIsNotNone(order.paid_at)
        self.assertEqual(mail.outbox[0].to, ['ada@example.com'])
