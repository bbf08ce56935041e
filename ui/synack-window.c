/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-error.h"
#include "synack-ui.h"
#include "synack-window.h"

struct _SynackWindow
{
  AdwApplicationWindow parent_instance;

  GSettings       *settings;
  gboolean         presentation;
  gboolean         empty;

  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkStack        *main_stack;
};

G_DEFINE_FINAL_TYPE (SynackWindow, synack_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_PRESENTATION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

void
synack_window_toast (SynackWindow *self,
                     const char   *message)
{
  AdwToast *toast;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  toast = adw_toast_new (message);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
show_error (SynackWindow *self,
            const char   *heading,
            const GError *error)
{
  AdwMessageDialog *dialog;

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), heading, error->message));
  adw_message_dialog_add_response (dialog, "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
synack_window_is_empty (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  return self->empty;
}

void
synack_window_start_default (SynackWindow *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));

  if (!synack_window_start_scenario (self, "classroom-demo", &error))
    g_message ("No default scenario: %s", error->message);
}

gboolean
synack_window_start_scenario (SynackWindow  *self,
                              const char    *name,
                              GError       **error)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
               _("Cannot start scenario “%s”: this build has no engine"), name);
  return FALSE;
}

gboolean
synack_window_start_capture (SynackWindow  *self,
                             const char    *iface,
                             const char    *filter,
                             GError       **error)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
               _("Cannot capture on %s: this build has no capture support"), iface);
  return FALSE;
}

void
synack_window_open_file (SynackWindow *self,
                         GFile        *file)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  g_return_if_fail (SYNACK_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  name = g_file_get_parse_name (file);
  g_set_error (&error, SYNACK_ERROR, SYNACK_ERROR_UNSUPPORTED,
               _("%s: this build cannot read captures yet"), name);
  show_error (self, _("Cannot Open Capture"), error);
}

gboolean
synack_window_get_presentation (SynackWindow *self)
{
  g_return_val_if_fail (SYNACK_IS_WINDOW (self), FALSE);

  return self->presentation;
}

void
synack_window_set_presentation (SynackWindow *self,
                                gboolean      presentation)
{
  g_return_if_fail (SYNACK_IS_WINDOW (self));

  presentation = !!presentation;
  if (self->presentation == presentation)
    return;
  self->presentation = presentation;

  if (presentation)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_fullscreen (GTK_WINDOW (self));
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "presentation");
      gtk_window_unfullscreen (GTK_WINDOW (self));
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRESENTATION]);
}

static void
open_response (GtkNativeDialog *dialog,
               int              response,
               gpointer         user_data)
{
  SynackWindow *self = user_data;

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

      if (file != NULL)
        synack_window_open_file (self, file);
    }
  g_object_unref (dialog);
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) captures = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all = gtk_file_filter_new ();

  chooser = gtk_file_chooser_native_new (_("Open Capture"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), _("_Cancel"));
  gtk_file_filter_set_name (captures, _("Packet captures (pcap, pcapng)"));
  gtk_file_filter_add_mime_type (captures, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (captures, "application/x-pcapng");
  gtk_file_filter_add_suffix (captures, "pcap");
  gtk_file_filter_add_suffix (captures, "pcapng");
  gtk_file_filter_add_suffix (captures, "cap");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), captures);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
presentation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  synack_window_set_presentation (self, !self->presentation);
}

static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  synack_window_set_presentation (SYNACK_WINDOW (widget), FALSE);
}

static gboolean
synack_window_close_request (GtkWindow *window)
{
  SynackWindow *self = SYNACK_WINDOW (window);

  if (self->settings != NULL && !self->presentation)
    {
      int width, height;

      gtk_window_get_default_size (window, &width, &height);
      g_settings_set_int (self->settings, "window-width", width);
      g_settings_set_int (self->settings, "window-height", height);
      g_settings_set_boolean (self->settings, "window-maximized",
                              gtk_window_is_maximized (window));
    }
  return GTK_WINDOW_CLASS (synack_window_parent_class)->close_request (window);
}

static void
synack_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      g_value_set_boolean (value, self->presentation);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRESENTATION:
      synack_window_set_presentation (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
synack_window_dispose (GObject *object)
{
  SynackWindow *self = SYNACK_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), SYNACK_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (synack_window_parent_class)->dispose (object);
}

static void
synack_window_class_init (SynackWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  synack_ui_ensure_resources ();

  object_class->dispose = synack_window_dispose;
  object_class->get_property = synack_window_get_property;
  object_class->set_property = synack_window_set_property;
  window_class->close_request = synack_window_close_request;

  properties[PROP_PRESENTATION] =
    g_param_spec_boolean ("presentation", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/synack/Synack/synack-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, SynackWindow, main_stack);

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL,
                                   leave_presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-presentation", NULL,
                                   presentation_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.toggle-presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F11, 0, "win.toggle-presentation", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0,
                                       "win.leave-presentation", NULL);
}

static void
synack_window_init (SynackWindow *self)
{
  self->empty = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));
}

SynackWindow *
synack_window_new (SynackApplication *application)
{
  SynackWindow *self;
  GSettings *settings;

  g_return_val_if_fail (SYNACK_IS_APPLICATION (application), NULL);

  self = g_object_new (SYNACK_TYPE_WINDOW, "application", application, NULL);
  settings = synack_application_get_settings (application);
  if (settings != NULL)
    {
      self->settings = g_object_ref (settings);
      gtk_window_set_default_size (GTK_WINDOW (self),
                                   g_settings_get_int (settings, "window-width"),
                                   g_settings_get_int (settings, "window-height"));
      if (g_settings_get_boolean (settings, "window-maximized"))
        gtk_window_maximize (GTK_WINDOW (self));
    }
  return self;
}
