/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib-unix.h>
#include <signal.h>

#include "synack-application.h"
#include "synack-error.h"
#include "synack-preferences-window.h"
#include "synack-ui.h"
#include "synack-window.h"

struct _SynackApplication
{
  AdwApplication parent_instance;

  GSettings     *settings;
  guint          signal_sources[3];   /* SIGTERM, SIGINT, SIGHUP: quit */
  int            exit_status;         /* an input on the command line failed: 1 or 2 */
};

G_DEFINE_FINAL_TYPE (SynackApplication, synack_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "scenario", 's', 0, G_OPTION_ARG_STRING, NULL,
    N_("Start the built-in scenario NAME"), N_("NAME") },
  { "capture", 'i', 0, G_OPTION_ARG_STRING, NULL,
    N_("Start a live capture on interface IFACE"), N_("IFACE") },
  { "filter", 'f', 0, G_OPTION_ARG_STRING, NULL,
    N_("BPF filter for the live capture"), N_("BPF") },
  { "this-machine", 'm', 0, G_OPTION_ARG_NONE, NULL,
    N_("Show this machine’s TCP sockets, their states as the kernel tells them"), NULL },
  { "presentation", 'p', 0, G_OPTION_ARG_NONE, NULL,
    N_("Start in presentation mode: full screen, large text"), NULL },
  { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Print the version and exit"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, N_("[FILE…]") },
  { NULL }
};

static SynackWindow *
get_active_synack_window (SynackApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (SYNACK_IS_WINDOW (window))
    return SYNACK_WINDOW (window);
  return NULL;
}

static SynackWindow *
ensure_window (SynackApplication *self)
{
  SynackWindow *window = get_active_synack_window (self);

  if (window == NULL)
    window = synack_window_new (self);
  return window;
}

static void
synack_application_activate (GApplication *app)
{
  SynackApplication *self = SYNACK_APPLICATION (app);
  SynackWindow *window = get_active_synack_window (self);

  if (window == NULL)
    {
      window = synack_window_new (self);
      synack_window_start_default (window);
    }
  gtk_window_present (GTK_WINDOW (window));
}

static void
synack_application_open (GApplication  *app,
                         GFile        **files,
                         int            n_files,
                         const char    *hint)
{
  SynackApplication *self = SYNACK_APPLICATION (app);

  for (int i = 0; i < n_files; i++)
    {
      /* Each file in a window of its own, reusing an empty one. */
      SynackWindow *window = get_active_synack_window (self);

      if (window == NULL || i > 0 || !synack_window_is_empty (window))
        window = synack_window_new (self);
      synack_window_open_file (window, files[i]);
      gtk_window_present (GTK_WINDOW (window));
    }
}

static int
synack_application_handle_local_options (GApplication *app,
                                         GVariantDict *options)
{
  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", PACKAGE_NAME, PACKAGE_VERSION);
      return 0;
    }
  return -1;
}

/* ---- the command line's inputs ---- */

typedef struct
{
  SynackApplication       *app;
  GApplicationCommandLine *cmdline;
} CommandLineLoad;

static void
command_line_load_free (gpointer  data,
                        GClosure *closure)
{
  CommandLineLoad *load = data;

  g_object_unref (load->cmdline);
  g_free (load);
}

/* An input named on the command line loads in its window, after the
 * command line has been answered: where it fails (a scenario file with a
 * mistake, a file that is no capture), the window says so in a dialog and
 * keeps running, and the program's exit status says so too, as it does
 * for a lesson name that is no lesson (2 for bad input, 1 otherwise). */
static void
command_line_load_finished (SynackWindow *window,
                            const GError *error,
                            gpointer      data)
{
  CommandLineLoad *load = data;
  int status;

  if (error != NULL)
    {
      status = g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
               ? 1 : synack_error_exit_status (error);
      g_application_command_line_printerr (load->cmdline, "synack: %s\n", error->message);
      load->app->exit_status = MAX (load->app->exit_status, status);
      /* a remote caller exits with it once this command line is let go */
      g_application_command_line_set_exit_status (load->cmdline, load->app->exit_status);
    }
  g_signal_handlers_disconnect_by_func (window, command_line_load_finished, data);
}

static void
follow_command_line_load (SynackApplication       *self,
                          SynackWindow            *window,
                          GApplicationCommandLine *cmdline)
{
  CommandLineLoad *load = g_new0 (CommandLineLoad, 1);

  load->app = self;
  load->cmdline = g_object_ref (cmdline);
  g_signal_connect_data (window, "load-finished", G_CALLBACK (command_line_load_finished), load,
                         command_line_load_free, 0);
}

int
synack_application_get_exit_status (SynackApplication *self)
{
  g_return_val_if_fail (SYNACK_IS_APPLICATION (self), 0);
  return self->exit_status;
}

static int
synack_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *cmdline)
{
  SynackApplication *self = SYNACK_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (cmdline);
  g_autofree const char **files = NULL;
  const char *scenario = NULL;
  const char *iface = NULL;
  const char *filter = NULL;
  gboolean presentation = FALSE;
  gboolean machine = FALSE;
  SynackWindow *window = NULL;
  int n_sources = 0;

  g_variant_dict_lookup (options, "scenario", "&s", &scenario);
  g_variant_dict_lookup (options, "capture", "&s", &iface);
  g_variant_dict_lookup (options, "filter", "&s", &filter);
  g_variant_dict_lookup (options, "presentation", "b", &presentation);
  g_variant_dict_lookup (options, "this-machine", "b", &machine);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);

  n_sources = (scenario != NULL) + (iface != NULL) + (files != NULL && files[0] != NULL) +
              machine;
  if (n_sources > 1)
    {
      g_application_command_line_printerr (cmdline, "synack: %s\n",
        _("--scenario, --capture, --this-machine and FILE each choose a source; give only one "
          "of them"));
      return 2;
    }
  if (filter != NULL && iface == NULL)
    {
      g_application_command_line_printerr (cmdline, "synack: %s\n",
        _("--filter needs --capture IFACE"));
      return 2;
    }

  if (files != NULL && files[0] != NULL)
    {
      for (guint i = 0; files[i] != NULL; i++)
        {
          g_autoptr(GFile) file = g_application_command_line_create_file_for_arg (cmdline, files[i]);

          window = synack_window_new (self);
          follow_command_line_load (self, window, cmdline);
          synack_window_open_file (window, file);
          synack_window_set_presentation (window, presentation);
          gtk_window_present (GTK_WINDOW (window));
        }
      return 0;
    }

  if (scenario != NULL || iface != NULL || machine)
    {
      g_autoptr(GError) error = NULL;
      gboolean ok;

      window = ensure_window (self);
      if (scenario != NULL)
        {
          ok = synack_window_start_scenario (window, scenario, &error);
          if (ok)
            follow_command_line_load (self, window, cmdline);
        }
      else if (machine)
        ok = synack_window_start_machine (window, &error);
      else
        ok = synack_window_start_capture (window, iface, filter, &error);
      if (!ok)
        {
          g_application_command_line_printerr (cmdline, "synack: %s\n", error->message);
          /* A window nobody asked for stays shut. */
          if (synack_window_is_empty (window))
            gtk_window_destroy (GTK_WINDOW (window));
          return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? 1 : 2;
        }
      synack_window_set_presentation (window, presentation);
      gtk_window_present (GTK_WINDOW (window));
      return 0;
    }

  g_application_activate (app);
  window = get_active_synack_window (self);
  if (window != NULL && presentation)
    synack_window_set_presentation (window, TRUE);
  return 0;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SynackApplication *self = user_data;
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  /* Close windows properly so each saves its state. */
  for (GList *l = windows; l != NULL;)
    {
      GList *next = l->next;
      gtk_window_close (GTK_WINDOW (l->data));
      l = next;
    }
  g_application_quit (G_APPLICATION (self));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  SynackApplication *self = user_data;
  static const char *developers[] = { "The Synack authors", NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "application-name", PACKAGE_NAME,
                        "application-icon", APP_ID,
                        "version", PACKAGE_VERSION,
                        "comments", _("See the life of TCP connections: a ladder diagram of "
                                      "every segment, each endpoint's RFC 9293 state, step "
                                      "by step, from a built-in TCP engine or from captures."),
                        "developers", developers,
                        "copyright", "© 2026 The Synack authors",
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "website", "https://github.com/synack/synack",
                        "issue-url", "https://github.com/synack/synack/issues",
                        /* Translators: put your names here, one a line */
                        "translator-credits", _("translator-credits"),
                        "modal", parent != NULL,
                        "transient-for", parent,
                        NULL);
  gtk_window_set_application (GTK_WINDOW (about), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  SynackApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  GtkWindow *prefs = GTK_WINDOW (synack_preferences_window_new (self->settings));

  gtk_window_set_transient_for (prefs, parent);
  gtk_window_set_modal (prefs, parent != NULL);
  gtk_window_set_application (prefs, GTK_APPLICATION (self));
  gtk_window_present (prefs);
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  SynackApplication *self = user_data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GtkBuilder) builder = NULL;
  GtkWindow *shortcuts;

  builder = gtk_builder_new_from_resource ("/io/github/synack/Synack/synack-shortcuts-window.ui");
  shortcuts = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  gtk_window_set_transient_for (shortcuts, parent);
  gtk_window_set_application (shortcuts, GTK_APPLICATION (self));
  gtk_window_present (shortcuts);
}

static void
open_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  SynackApplication *self = user_data;
  SynackWindow *window = ensure_window (self);

  gtk_window_present (GTK_WINDOW (window));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open", NULL);
}

static void
new_window_activated (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  SynackApplication *self = user_data;
  SynackWindow *window = synack_window_new (self);

  synack_window_start_default (window);
  gtk_window_present (GTK_WINDOW (window));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "shortcuts", shortcuts_activated },
  { "open", open_activated },
  { "new-window", new_window_activated },
};

/* Asked to end (a logout, Ctrl+C in the terminal): as app.quit does, so
 * that what a window holds goes properly (a live capture's temporary
 * files with it). */
static gboolean
quit_on_signal (gpointer user_data)
{
  g_action_group_activate_action (G_ACTION_GROUP (user_data), "quit", NULL);
  return G_SOURCE_CONTINUE;
}

static void
synack_application_startup (GApplication *app)
{
  SynackApplication *self = SYNACK_APPLICATION (app);
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", "<Control>slash", NULL } },
    { "app.open", { "<Control>o", NULL } },
    { "app.new-window", { "<Control>n", NULL } },
    { "window.close", { "<Control>w", NULL } },
  };

  G_APPLICATION_CLASS (synack_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (self), accels[i].action,
                                           accels[i].accels);

  self->signal_sources[0] = g_unix_signal_add (SIGTERM, quit_on_signal, self);
  self->signal_sources[1] = g_unix_signal_add (SIGINT, quit_on_signal, self);
  self->signal_sources[2] = g_unix_signal_add (SIGHUP, quit_on_signal, self);

  self->settings = synack_ui_settings_new ();
  if (self->settings != NULL)
    {
      GSettingsSchema *schema = NULL;

      g_object_get (self->settings, "settings-schema", &schema, NULL);
      if (g_settings_schema_has_key (schema, "theme"))
        synack_preferences_window_bind_theme (self->settings);
      g_settings_schema_unref (schema);
    }
}

static void
synack_application_dispose (GObject *object)
{
  SynackApplication *self = SYNACK_APPLICATION (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->signal_sources); i++)
    g_clear_handle_id (&self->signal_sources[i], g_source_remove);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (synack_application_parent_class)->dispose (object);
}

static void
synack_application_class_init (SynackApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  synack_ui_ensure_resources ();

  object_class->dispose = synack_application_dispose;
  app_class->activate = synack_application_activate;
  app_class->open = synack_application_open;
  app_class->startup = synack_application_startup;
  app_class->command_line = synack_application_command_line;
  app_class->handle_local_options = synack_application_handle_local_options;
}

static void
synack_application_init (SynackApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
    _("Open pcap or pcapng captures, or start on the built-in TCP engine."));
}

SynackApplication *
synack_application_new (GApplicationFlags flags)
{
  return g_object_new (SYNACK_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", flags | G_APPLICATION_HANDLES_COMMAND_LINE |
                                G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", "/io/github/synack/Synack",
                       NULL);
}

GSettings *
synack_application_get_settings (SynackApplication *self)
{
  g_return_val_if_fail (SYNACK_IS_APPLICATION (self), NULL);

  return self->settings;
}

void
synack_application_reopen_windows (SynackApplication *self)
{
  GList *windows;

  g_return_if_fail (SYNACK_IS_APPLICATION (self));

  windows = g_list_copy (gtk_application_get_windows (GTK_APPLICATION (self)));
  for (GList *l = windows; l != NULL; l = l->next)
    g_object_ref (l->data);
  for (GList *l = windows; l != NULL; l = l->next)
    {
      SynackWindow *old, *window;

      if (!SYNACK_IS_WINDOW (l->data))
        continue;
      old = l->data;
      window = synack_window_new (self);
      synack_window_start_default (window);
      synack_window_set_presentation (window, synack_window_get_presentation (old));
      gtk_window_present (GTK_WINDOW (window));
      gtk_window_destroy (GTK_WINDOW (old));
    }
  g_list_free_full (windows, g_object_unref);
}
