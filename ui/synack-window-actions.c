/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The window's win.* actions, their dialogs and keyboard shortcuts, and
 * the recent files menu. */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-export-dialog.h"
#include "synack-handout.h"
#include "synack-scenario-dialog.h"
#include "synack-window-private.h"

#define MAX_RECENT 8
#define TUN_ENGINE_ADDR "10.77.0.2"

/* ---- recent files ---- */

void
_synack_window_remember_recent (SynackWindow *self,
                                const char   *path)
{
  g_auto(GStrv) old = NULL;
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) list = NULL;
  guint n = 1;

  if (self->settings == NULL)
    return;
  old = g_settings_get_strv (self->settings, "recent-files");
  builder = g_strv_builder_new ();
  g_strv_builder_add (builder, path);
  for (guint i = 0; old[i] != NULL && n < MAX_RECENT; i++)
    if (!g_str_equal (old[i], path))
      {
        g_strv_builder_add (builder, old[i]);
        n++;
      }
  list = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "recent-files", (const char * const *) list);
}

void
_synack_window_rebuild_recent_menu (SynackWindow *self)
{
  g_auto(GStrv) recent = NULL;

  g_menu_remove_all (self->recent_section);
  if (self->settings == NULL)
    return;
  recent = g_settings_get_strv (self->settings, "recent-files");
  for (guint i = 0; recent[i] != NULL; i++)
    {
      g_autofree char *label = g_path_get_basename (recent[i]);
      g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);

      g_menu_item_set_action_and_target (item, "win.open-recent", "s", recent[i]);
      g_menu_append_item (self->recent_section, item);
    }
  if (recent[0] == NULL)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_("No recent captures"), "win.none");
      g_menu_append_item (self->recent_section, item);
    }
}

/* ---- opening ---- */

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
  g_autoptr(GtkFileFilter) scripts = gtk_file_filter_new ();
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
  gtk_file_filter_set_name (scripts, _("Scenario scripts"));
  gtk_file_filter_add_suffix (scripts, "synack");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), scripts);
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), all);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
open_recent_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  g_autoptr(GFile) file = g_file_new_for_commandline_arg (g_variant_get_string (parameter, NULL));

  synack_window_open_file (SYNACK_WINDOW (widget), file);
}

static void
cancel_load_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  _synack_window_cancel_load (SYNACK_WINDOW (widget));
}

static void
scenario_chosen (SynackScenarioDialog *dialog,
                 const char           *name,
                 SynackWindow         *self)
{
  g_autoptr(GError) error = NULL;

  if (!synack_window_start_scenario (self, name, &error))
    _synack_window_show_error (self, _("Cannot Run Scenario"), error->message);
}

static void
library_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  GtkWidget *dialog = synack_scenario_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "scenario-chosen", G_CALLBACK (scenario_chosen), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- live capture ---- */

static void
live_response (AdwMessageDialog *dialog,
               const char       *response,
               SynackWindow     *self)
{
  GtkDropDown *ifaces = g_object_get_data (G_OBJECT (dialog), "ifaces");
  GtkEditable *filter = g_object_get_data (G_OBJECT (dialog), "filter");
  g_autoptr(GError) error = NULL;
  GtkStringObject *item;

  if (!g_str_equal (response, "start"))
    return;
  item = gtk_drop_down_get_selected_item (ifaces);
  if (item == NULL)
    return;
  if (!synack_window_start_capture (self, gtk_string_object_get_string (item),
                                    gtk_editable_get_text (filter), &error))
    _synack_window_show_error (self, _("Cannot Start the Live Capture"), error->message);
}

static void
live_capture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) ifaces = _synack_window_list_interfaces (&error);
  GtkStringList *names;
  GtkWidget *box, *dropdown, *entry;
  AdwMessageDialog *dialog;

  if (ifaces == NULL)
    {
      _synack_window_show_error (self, _("Cannot List Network Interfaces"), error->message);
      return;
    }
  names = gtk_string_list_new (NULL);
  for (guint i = 0; i < ifaces->len; i++)
    gtk_string_list_append (names, g_ptr_array_index (ifaces, i));

  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self), _("Live Capture"),
    _("Capture TCP on an interface and watch the states as they happen. Capturing needs "
      "CAP_NET_RAW (or root); Synack says how to grant it if it is missing.")));
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  dropdown = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("BPF filter, for example “tcp port 80”"));
  gtk_box_append (GTK_BOX (box), dropdown);
  gtk_box_append (GTK_BOX (box), entry);
  adw_message_dialog_set_extra_child (dialog, box);
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (dialog, "start");
  adw_message_dialog_set_response_enabled (dialog, "start", ifaces->len > 0);
  g_object_set_data (G_OBJECT (dialog), "ifaces", dropdown);
  g_object_set_data (G_OBJECT (dialog), "filter", entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (live_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
stop_capture_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  _synack_window_stop_capture (SYNACK_WINDOW (widget));
}

/* ---- TUN ---- */

static void
tun_response (AdwMessageDialog *dialog,
              const char       *response,
              SynackWindow     *self)
{
  g_autoptr(GError) error = NULL;

  if (g_str_equal (response, "start") && !synack_window_start_tun (self, &error))
    _synack_window_show_error (self, _("Cannot Open the TUN Device"), error->message);
}

static void
this_machine_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!synack_window_start_machine (self, &error))
    _synack_window_show_error (self, _("Cannot Watch This Machine’s Sockets"), error->message);
}

static void
tun_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  AdwMessageDialog *dialog;
  GtkWidget *commands;
  g_autofree char *why = NULL;
  g_autofree char *body = NULL;
  gboolean allowed = _synack_window_tun_allowed (&why);

  if (allowed)
    body = g_strdup (_("Synack creates the network device synack0 and puts the engine at "
                       "10.77.0.2, with an echo service on port 7, discard on 9 and a tiny "
                       "web server on 80. Programs on this computer then talk TCP to the engine, "
                       "and every segment appears here. Type one of these in a terminal:"));
  else
    body = g_strdup_printf (_("%s\n\nOnce that is done, restart Synack and type one of these "
                              "in a terminal:"), why);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (self),
                                                       _("Connect Real Programs"), body));
  commands = gtk_label_new ("nc " TUN_ENGINE_ADDR " 7\n"
                            "curl http://" TUN_ENGINE_ADDR "/\n"
                            "python3 -c 'import socket; s=socket.create_connection((\"" TUN_ENGINE_ADDR "\", 9)); s.sendall(b\"hi\"); s.close()'");
  gtk_label_set_selectable (GTK_LABEL (commands), TRUE);
  gtk_label_set_wrap (GTK_LABEL (commands), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (commands), PANGO_WRAP_CHAR);
  gtk_widget_add_css_class (commands, "mono");
  adw_message_dialog_set_extra_child (dialog, commands);
  if (allowed)
    {
      adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "start", _("_Start"), NULL);
      adw_message_dialog_set_response_appearance (dialog, "start", ADW_RESPONSE_SUGGESTED);
    }
  else
    adw_message_dialog_add_response (dialog, "cancel", _("_Close"));
  g_signal_connect_object (dialog, "response", G_CALLBACK (tun_response), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- saving ---- */

/* Write what the window shows to path. */
typedef gboolean (*SaveFunc) (SynackWindow *self,
                              const char   *path,
                              GError      **error);

typedef struct
{
  SynackWindow *self;
  SaveFunc      save;
  const char   *failed;   /* the error dialog's heading */
} SaveChoice;

static void
toast_saved (SynackWindow *self,
             const char   *path)
{
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *msg = g_strdup_printf (_("Saved %s"), base);

  synack_window_toast (self, msg);
}

static void
save_chosen (GtkNativeDialog *dialog,
             int              response,
             gpointer         user_data)
{
  g_autofree SaveChoice *choice = user_data;
  g_autoptr(SynackWindow) self = choice->self;
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file != NULL ? g_file_get_path (file) : NULL;
  if (path != NULL)
    {
      if (choice->save (self, path, &error))
        toast_saved (self, path);
      else if (error != NULL)
        _synack_window_show_error (self, choice->failed, error->message);
    }
  g_object_unref (dialog);
}

/* Ask where to save, under name; save writes there, and the user is told
 * how it went (a toast, or a dialog headed failed). */
static void
save_as (SynackWindow *self,
         const char   *title,
         const char   *accept,
         const char   *name,
         SaveFunc      save,
         const char   *failed)
{
  GtkFileChooserNative *chooser;
  SaveChoice *choice = g_new0 (SaveChoice, 1);

  choice->self = g_object_ref (self);
  choice->save = save;
  choice->failed = failed;
  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         accept, _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (save_chosen), choice);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  SynackTrace *trace = synack_session_get_trace (self->session);
  g_autofree char *name = NULL;
  const char *title = trace != NULL ? synack_trace_get_title (trace) : NULL;
  g_autofree char *stem = g_strdup (title != NULL && title[0] != '\0' ? title : "synack");

  if (trace == NULL)
    return;
  g_strdelimit (stem, " /:\\\"'", '-');
  name = g_strconcat (stem, ".pcap", NULL);
  save_as (self, _("Save Trace"), _("_Save"), name, synack_window_save_trace,
           _("Cannot Save the Trace"));
}

static void
figure_exported (SynackExportDialog *dialog,
                 const char         *path,
                 SynackWindow       *self)
{
  toast_saved (self, path);
}

/* The Export dialog, with the span the ladder shows and the window's
 * numbering and text scale; the file is named after the scenario, the
 * capture or the title. */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  SynackTrace *trace = synack_session_get_trace (self->session);
  SynackRenderOptions options;
  SynackExportDialog *dialog;

  if (trace == NULL || synack_trace_get_n_connections (trace) == 0)
    return;
  _synack_window_figure_options (self, &options);
  dialog = synack_export_dialog_new (GTK_WINDOW (self), trace, &options,
                                     _synack_window_figure_stem (self));
  g_signal_connect_object (dialog, "exported", G_CALLBACK (figure_exported), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- the handout ---- */

static gboolean
write_handout (SynackWindow *self,
               const char   *path,
               GError      **error)
{
  SynackTrace *trace = synack_session_get_trace (self->session);

  g_return_val_if_fail (trace != NULL, FALSE);
  return synack_handout_write_pdf (trace, synack_session_get_connection (self->session),
                                   synack_session_get_seq_mode (self->session), path, error);
}

/* File > Export Handout: the connection shown, as a PDF in the interface's
 * language: the figure, every step explained, the key segments' headers. */
static void
export_handout_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  SynackTrace *trace = synack_session_get_trace (self->session);
  g_autofree char *name = NULL;

  if (trace == NULL || synack_trace_get_n_connections (trace) == 0)
    return;
  name = g_strconcat (_synack_window_figure_stem (self), "-handout.pdf", NULL);
  save_as (self, _("Export Handout"), _("_Export"), name, write_handout,
           _("Cannot Export the Handout"));
}

/* ---- what if, and acting at the cursor ---- */

static void
what_if_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackTrace) trace = NULL;
  g_autofree char *title = NULL;

  trace = _synack_window_what_if (self, g_variant_get_string (parameter, NULL),
                                  synack_ladder_frame_get_what_if_segment (self->ladder_frame),
                                  &title, &error);
  if (trace == NULL)
    {
      if (error != NULL)
        _synack_window_show_error (self, _("Cannot Re-run the Scenario"), error->message);
      return;
    }
  synack_window_toast (self, title);
}

/* Menu or Shift+F10: the what-if menu of the selected segment. */
static void
what_if_menu_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!synack_ladder_frame_popup_for_selection (self->ladder_frame, &error))
    synack_window_toast (self, error->message);
}

/* Act for an endpoint at the cursor: the scripted actions after it are
 * dropped, the user's is added, and the engine runs on from there. */
static void
act_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!_synack_window_act_at (self, g_variant_get_string (parameter, NULL), &error))
    _synack_window_show_error (self, _("Cannot Carry On From Here"), error->message);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  _synack_window_undo (SYNACK_WINDOW (widget));
}

/* ---- presentation and panels ---- */

static void
presentation_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  synack_window_set_presentation (self, !synack_window_get_presentation (self));
}

static void
leave_presentation_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  synack_window_set_presentation (SYNACK_WINDOW (widget), FALSE);
}

static void
toggle_sidebar_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button,
                                !gtk_toggle_button_get_active (self->sidebar_button));
}

/* Ctrl+F: the connection list's filter, the side panel shown if hidden;
 * Tab goes on to its order, Enter to the rows it lets through. */
static void
filter_connections_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  gtk_toggle_button_set_active (self->sidebar_button, TRUE);
  gtk_stack_set_visible_child_name (self->side_stack, "connections");
  synack_connection_list_focus_filter (self->connection_list);
}

void
_synack_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_F10, GDK_SHIFT_MASK, "win.what-if-menu" },
    { GDK_KEY_Menu, 0, "win.what-if-menu" },
    { GDK_KEY_F5, 0, "win.toggle-presentation" },
    { GDK_KEY_F11, 0, "win.toggle-presentation" },
    { GDK_KEY_Escape, 0, "win.leave-presentation" },
    { GDK_KEY_F9, 0, "win.toggle-sidebar" },
    { GDK_KEY_l, GDK_CONTROL_MASK, "win.library" },
    { GDK_KEY_s, GDK_CONTROL_MASK, "win.save" },
    { GDK_KEY_e, GDK_CONTROL_MASK, "win.export" },
    { GDK_KEY_k, GDK_CONTROL_MASK, "win.quiz" },
    { GDK_KEY_z, GDK_CONTROL_MASK, "win.undo" },
    { GDK_KEY_f, GDK_CONTROL_MASK, "win.filter-connections" },
  };

  gtk_widget_class_install_action (widget_class, "win.open", NULL, open_action);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", open_recent_action);
  gtk_widget_class_install_action (widget_class, "win.library", NULL, library_action);
  gtk_widget_class_install_action (widget_class, "win.live-capture", NULL, live_capture_action);
  gtk_widget_class_install_action (widget_class, "win.stop-capture", NULL, stop_capture_action);
  gtk_widget_class_install_action (widget_class, "win.this-machine", NULL, this_machine_action);
  gtk_widget_class_install_action (widget_class, "win.tun", NULL, tun_action);
  gtk_widget_class_install_action (widget_class, "win.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "win.export", NULL, export_action);
  gtk_widget_class_install_action (widget_class, "win.export-handout", NULL, export_handout_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-load", NULL, cancel_load_action);
  gtk_widget_class_install_action (widget_class, "win.act", "s", act_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.what-if", "s", what_if_action);
  gtk_widget_class_install_action (widget_class, "win.what-if-menu", NULL, what_if_menu_action);
  gtk_widget_class_install_property_action (widget_class, "win.presentation", "presentation");
  gtk_widget_class_install_property_action (widget_class, "win.quiz", "quiz");
  gtk_widget_class_install_action (widget_class, "win.leave-presentation", NULL,
                                   leave_presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-presentation", NULL,
                                   presentation_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-sidebar", NULL,
                                   toggle_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.filter-connections", NULL,
                                   filter_connections_action);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_widget_class_add_binding_action (widget_class, keys[i].key, keys[i].mods, keys[i].action,
                                         NULL);
}

/* ---- keys that work wherever the focus is, except in a text field ---- */

static gboolean
typing (SynackWindow *self)
{
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  return focus != NULL && (GTK_IS_EDITABLE (focus) || GTK_IS_TEXT (focus));
}

static gboolean
transport_shortcut (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  if (typing (self) || synack_session_get_trace (self->session) == NULL ||
      !gtk_widget_get_mapped (GTK_WIDGET (self->transport_bar)))
    return FALSE;
  return gtk_widget_activate_action (GTK_WIDGET (self->transport_bar), user_data, NULL);
}

/* Keys 1 to 9 choose an answer, R reveals it, while a question is open. */
static gboolean
quiz_shortcut (GtkWidget *widget,
               GVariant  *args,
               gpointer   user_data)
{
  SynackWindow *self = SYNACK_WINDOW (widget);

  if (typing (self))
    return FALSE;
  return synack_quiz_panel_key (self->quiz_panel, GPOINTER_TO_UINT (user_data));
}

static void
add_shortcut (GtkEventController        *controller,
              guint                      key,
              GtkShortcutFunc            func,
              gpointer                   data)
{
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (controller),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, 0),
                                                          gtk_callback_action_new (func, data,
                                                                                   NULL)));
}

void
_synack_window_add_shortcuts (SynackWindow *self)
{
  static const struct { guint key; const char *action; } transport[] = {
    { GDK_KEY_space, "transport.toggle" },
    { GDK_KEY_Right, "transport.step-forward" },
    { GDK_KEY_Left, "transport.step-back" },
    { GDK_KEY_Home, "transport.to-start" },
    { GDK_KEY_End, "transport.to-end" },
    { GDK_KEY_plus, "transport.faster" },
    { GDK_KEY_equal, "transport.faster" },
    { GDK_KEY_KP_Add, "transport.faster" },
    { GDK_KEY_minus, "transport.slower" },
    { GDK_KEY_KP_Subtract, "transport.slower" },
  };
  GtkEventController *controller = gtk_shortcut_controller_new ();

  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 0; i < G_N_ELEMENTS (transport); i++)
    add_shortcut (controller, transport[i].key, transport_shortcut, (gpointer) transport[i].action);
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  for (guint i = 1; i <= 9; i++)
    {
      add_shortcut (controller, GDK_KEY_1 + i - 1, quiz_shortcut, GUINT_TO_POINTER (i));
      add_shortcut (controller, GDK_KEY_KP_1 + i - 1, quiz_shortcut, GUINT_TO_POINTER (i));
    }
  add_shortcut (controller, GDK_KEY_r, quiz_shortcut, GUINT_TO_POINTER (0));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}
