// CEL002, a model instance passed to a task: what counts as one, and what must not.
import { describe, expect, it } from 'vitest';
import { celeryFindings, py } from './temp-project.js';

describe('CEL002 model instance passed to a task', () => {
  const models = 'from django.db import models\n\n\nclass Order(models.Model):\n    pass\n';

  it('flags an ORM object, request.user, a signal instance and a task taking an Order', async () => {
    const found = await celeryFindings(
      {
        'orders/models.py': models,
        'orders/views.py': py(`
          from .models import Order
          from .tasks import process_order


          def checkout(request, pk):
              order = Order.objects.select_related("customer").get(pk=pk)
              process_order.delay(order)
              process_order.apply_async(args=[order], countdown=5)
              send_receipt.delay(request.user)


          def on_save(sender, instance, **kwargs):
              process_order.delay(instance)
        `),
        'orders/tasks.py': py(`
          from celery import shared_task


          @shared_task(soft_time_limit=10)
          def process_order(order: Order):
              order.save()


          @shared_task(soft_time_limit=10)
          def archive(order):
              order.archived = True
        `),
      },
      'CEL002',
    );
    expect(found).toEqual([
      'orders/views.py:7 CEL002',
      'orders/views.py:8 CEL002',
      'orders/views.py:9 CEL002',
      'orders/views.py:13 CEL002',
      'orders/tasks.py:5 CEL002',
      'orders/tasks.py:10 CEL002',
    ]);
  });

  it('does not flag ids, pks, literals, unknown names, or id-typed task parameters', async () => {
    const found = await celeryFindings(
      {
        'orders/models.py': models,
        'orders/views.py': py(`
          from .models import Order


          def checkout(request, pk, payload):
              order = Order.objects.get(pk=pk)
              process_order.delay(order.pk)
              process_order.delay(order.id, order_id=order.id)
              process_order.apply_async(args=[pk, "x", 3])
              process_order.delay(payload)
              config = {"a": 1}
              notify.delay(config.get("a"))
        `),
        'orders/tasks.py': py(`
          @shared_task(soft_time_limit=10)
          def process_order(order_id: int):
              order = Order.objects.get(pk=order_id)
              order.save()


          @shared_task(soft_time_limit=10)
          def count(order):
              return order + 1
        `),
      },
      'CEL002',
    );
    expect(found).toEqual([]);
  });
});
