/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib-object.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "synack-scenario.h"
#include "synack-test-utils.h"

void
synack_cli_run_clear (SynackCliRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
}

typedef struct
{
  int   fd;
  char *text;
} Reader;

/* Both pipes are read at once, each in its thread, so a child that fills
 * one while we wait on the other does not hang. */
static gpointer
reader_thread (gpointer data)
{
  Reader *r = data;
  g_autoptr(GString) s = g_string_new (NULL);
  char buf[65536];
  gssize n;

  while ((n = read (r->fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR))
    if (n > 0)
      g_string_append_len (s, buf, n);
  close (r->fd);
  r->text = g_string_free (g_steal_pointer (&s), FALSE);
  return NULL;
}

static void
on_child_exit (GPid     pid,
               int      wait_status,
               gpointer user_data)
{
  *(int *) user_data = wait_status;
}

static gboolean
on_hang (gpointer user_data)
{
  kill (*(GPid *) user_data, SIGKILL);
  return G_SOURCE_REMOVE;
}

void
synack_test_cli_run (SynackCliRun         *run,
                     const char * const   *args,
                     const char * const   *envp,
                     GSpawnChildSetupFunc  setup,
                     gpointer              setup_data)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  const char *cli = g_getenv ("SYNACK_CLI");
  int out_fd, err_fd, wait_status = -1;
  Reader out = { 0 }, err = { 0 };
  GThread *t_out, *t_err;
  GSource *watch, *timeout;
  struct rusage ru;
  GPid pid;

  g_assert_nonnull (cli);
  g_ptr_array_add (argv, (gpointer) cli);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  g_main_context_push_thread_default (context);
  g_assert_true (g_spawn_async_with_pipes (NULL, (char **) argv->pdata, (char **) envp,
                                           G_SPAWN_DO_NOT_REAP_CHILD, setup, setup_data,
                                           &pid, NULL, &out_fd, &err_fd, &error));
  g_assert_no_error (error);
  out.fd = out_fd;
  err.fd = err_fd;
  t_out = g_thread_new ("stdout", reader_thread, &out);
  t_err = g_thread_new ("stderr", reader_thread, &err);

  watch = g_child_watch_source_new (pid);
  g_source_set_callback (watch, (GSourceFunc) (GCallback) on_child_exit, &wait_status, NULL);
  g_source_attach (watch, context);
  timeout = g_timeout_source_new_seconds (SYNACK_TEST_CLI_HANG_SECONDS);
  g_source_set_callback (timeout, on_hang, &pid, NULL);
  g_source_attach (timeout, context);
  while (wait_status == -1)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (watch);
  g_source_unref (watch);
  g_source_destroy (timeout);
  g_source_unref (timeout);
  g_main_context_pop_thread_default (context);
  g_spawn_close_pid (pid);

  g_thread_join (t_out);
  g_thread_join (t_err);
  synack_cli_run_clear (run);
  run->out = out.text;
  run->err = err.text;
  getrusage (RUSAGE_CHILDREN, &ru);
  run->maxrss_kb = ru.ru_maxrss;

  if (WIFSIGNALED (wait_status))
    {
      if (WTERMSIG (wait_status) == SIGKILL)
        g_error ("synack-cli %s hung (killed after %d s); stderr:\n%s", args[0],
                 SYNACK_TEST_CLI_HANG_SECONDS, run->err);
      g_error ("synack-cli %s crashed with signal %d; stderr:\n%s", args[0],
               WTERMSIG (wait_status), run->err);
    }
  g_assert_true (WIFEXITED (wait_status));
  run->status = WEXITSTATUS (wait_status);
}

int
synack_test_run_cli (char       **out,
                     char       **err,
                     const char  *first,
                     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_auto(SynackCliRun) run = { 0 };
  va_list ap;

  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  synack_test_cli_run (&run, (const char * const *) args->pdata, NULL, NULL, NULL);
  if (out != NULL)
    *out = g_steal_pointer (&run.out);
  if (err != NULL)
    *err = g_steal_pointer (&run.err);
  return run.status;
}

char *
synack_test_capture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", "capture", name, NULL);
}

SynackTrace *
synack_test_run_builtin (const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (name, &error);

  g_assert_no_error (error);
  return synack_scenario_run (scenario, 1, NULL);
}

int
synack_test_find_segment (SynackTrace *trace,
                          guint8       flags,
                          guint        nth)
{
  for (guint i = 0; i < synack_trace_get_n_events (trace); i++)
    {
      SynackEvent ev;
      synack_trace_read_event (trace, i, &ev);

      if (ev.kind == SYNACK_EVENT_SEGMENT && ev.segment.flags == flags && nth-- == 0)
        return (int) i;
    }
  return -1;
}

SynackEvent
synack_test_event (SynackTrace *trace,
                   guint        index)
{
  SynackEvent ev = { 0 };

  if (!synack_trace_read_event (trace, index, &ev))
    g_error ("no event %u in a trace of %u", index, synack_trace_get_n_events (trace));
  return ev;
}
