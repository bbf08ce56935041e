/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "synack-clock.h"

struct _SynackClock
{
  gatomicrefcount    ref_count;
  gboolean           is_virtual;
  gint64             now;         /* virtual: the current time */
  gint64             origin_us;   /* main loop: g_get_monotonic_time() at creation */
  gint64             wakeup;
  SynackClockWakeup  func;
  gpointer           user_data;
  GMainContext      *context;
  GSource           *source;
};

SynackClock *
synack_clock_new_virtual (void)
{
  SynackClock *self = g_new0 (SynackClock, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->is_virtual = TRUE;
  self->wakeup = SYNACK_CLOCK_NEVER;
  return self;
}

SynackClock *
synack_clock_new_main_loop (GMainContext *context)
{
  SynackClock *self = g_new0 (SynackClock, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->is_virtual = FALSE;
  self->origin_us = g_get_monotonic_time ();
  self->wakeup = SYNACK_CLOCK_NEVER;
  self->context = context ? g_main_context_ref (context) : g_main_context_ref_thread_default ();
  return self;
}

SynackClock *
synack_clock_ref (SynackClock *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

static void
clear_source (SynackClock *self)
{
  if (self->source != NULL)
    {
      g_source_destroy (self->source);
      g_clear_pointer (&self->source, g_source_unref);
    }
}

void
synack_clock_unref (SynackClock *self)
{
  g_return_if_fail (self != NULL);
  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  clear_source (self);
  g_clear_pointer (&self->context, g_main_context_unref);
  g_free (self);
}

gboolean
synack_clock_is_virtual (SynackClock *self)
{
  return self->is_virtual;
}

gint64
synack_clock_now (SynackClock *self)
{
  if (self->is_virtual)
    return self->now;
  return (g_get_monotonic_time () - self->origin_us) * 1000;
}

void
synack_clock_set_wakeup_func (SynackClock       *self,
                              SynackClockWakeup  func,
                              gpointer           user_data)
{
  self->func = func;
  self->user_data = user_data;
}

static gboolean
on_ready_time (gpointer data)
{
  SynackClock *self = data;
  gint64 now = synack_clock_now (self);

  /* The ready time is in whole microseconds; wait out the rest if early. */
  if (now < self->wakeup)
    {
      g_source_set_ready_time (self->source,
                               self->origin_us + (self->wakeup + 999) / 1000);
      return G_SOURCE_CONTINUE;
    }
  self->wakeup = SYNACK_CLOCK_NEVER;
  g_source_set_ready_time (self->source, -1);
  if (self->func != NULL)
    self->func (self, now, self->user_data);
  return G_SOURCE_CONTINUE;
}

static gboolean
ready_time_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs ready_time_funcs = {
  .dispatch = ready_time_dispatch,
};

void
synack_clock_set_wakeup (SynackClock *self,
                         gint64       due)
{
  self->wakeup = due;
  if (self->is_virtual)
    return;

  if (self->source == NULL)
    {
      self->source = g_source_new (&ready_time_funcs, sizeof (GSource));
      g_source_set_name (self->source, "SynackClock");
      g_source_set_callback (self->source, on_ready_time, self, NULL);
      g_source_set_ready_time (self->source, -1);
      g_source_attach (self->source, self->context);
    }
  if (due == SYNACK_CLOCK_NEVER)
    g_source_set_ready_time (self->source, -1);
  else
    g_source_set_ready_time (self->source,
                             self->origin_us + MAX (0, (due + 999) / 1000));
}

gint64
synack_clock_get_wakeup (SynackClock *self)
{
  return self->wakeup;
}

void
synack_clock_advance_to (SynackClock *self,
                         gint64       time)
{
  g_return_if_fail (self->is_virtual);

  if (time > self->now)
    self->now = time;
  if (self->wakeup <= self->now)
    {
      self->wakeup = SYNACK_CLOCK_NEVER;
      if (self->func != NULL)
        self->func (self, self->now, self->user_data);
    }
}

guint64
synack_clock_run_until (SynackClock *self,
                        gint64       limit)
{
  guint64 n = 0;

  g_return_val_if_fail (self->is_virtual, 0);

  while (self->wakeup != SYNACK_CLOCK_NEVER && self->wakeup <= limit)
    {
      synack_clock_advance_to (self, self->wakeup);
      n++;
    }
  return n;
}
