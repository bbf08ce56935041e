/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-error.h"
#include "synack-export-dialog.h"
#include "synack-ui.h"

struct _SynackExportDialog
{
  AdwWindow            parent_instance;

  SynackTrace         *trace;
  SynackRenderOptions  defaults;
  char                *stem;

  AdwComboRow         *format_row;
  AdwComboRow         *theme_row;
  AdwActionRow        *width_row;
  GtkSpinButton       *width_spin;
  GtkSpinButton       *scale_spin;
  AdwComboRow         *span_row;
  GtkSwitch           *timeline_switch;
  GtkSwitch           *legend_switch;
  GtkButton           *cancel_button;
  GtkButton           *export_button;

  GtkFileChooserNative *chooser;   /* while open (it holds its own reference) */
  GtkWidget           *alert;      /* weak */
};

G_DEFINE_FINAL_TYPE (SynackExportDialog, synack_export_dialog, ADW_TYPE_WINDOW)

enum {
  EXPORTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The format row's order. */
static const SynackRenderFormat formats[] = { SYNACK_RENDER_PNG, SYNACK_RENDER_SVG, SYNACK_RENDER_PDF };
static const char *const extensions[] = { ".png", ".svg", ".pdf" };

char *
synack_export_dialog_file_stem (const char *name)
{
  g_autofree char *base = NULL;
  GString *stem = g_string_new (NULL);
  const char *dot;
  gboolean dash = FALSE;

  if (name == NULL)
    name = "";
  base = g_path_get_basename (name);
  /* A scenario or file name loses its extension; a title has none, but may
   * have a full stop inside ("v1.2"), which stays a word boundary. */
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base && strchr (dot, ' ') == NULL && strlen (dot) <= 7)
    base[dot - base] = '\0';
  for (const char *p = base; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isalnum (c))
        {
          if (dash && stem->len > 0)
            g_string_append_c (stem, '-');
          dash = FALSE;
          g_string_append_unichar (stem, g_unichar_tolower (c));
        }
      else
        dash = TRUE;
    }
  if (stem->len == 0)
    g_string_append (stem, "synack");
  return g_string_free (stem, FALSE);
}

void
synack_export_dialog_get_options (SynackExportDialog  *self,
                                  SynackRenderOptions *options,
                                  SynackRenderFormat  *format)
{
  guint position;

  g_return_if_fail (SYNACK_IS_EXPORT_DIALOG (self));

  *options = self->defaults;
  options->theme = MIN (adw_combo_row_get_selected (self->theme_row), SYNACK_THEME_N_KINDS - 1);
  options->width = gtk_spin_button_get_value_as_int (self->width_spin);
  options->text_scale = gtk_spin_button_get_value (self->scale_spin);
  options->timeline = gtk_switch_get_active (self->timeline_switch);
  options->legend = gtk_switch_get_active (self->legend_switch);
  if (adw_combo_row_get_selected (self->span_row) != 1)
    options->from = options->to = SYNACK_TIME_NONE;
  position = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (formats) - 1);
  if (format != NULL)
    *format = formats[position];
}

char *
synack_export_dialog_get_file_name (SynackExportDialog *self)
{
  guint position;

  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), NULL);

  position = MIN (adw_combo_row_get_selected (self->format_row), G_N_ELEMENTS (extensions) - 1);
  return g_strconcat (self->stem, extensions[position], NULL);
}

gboolean
synack_export_dialog_export_to (SynackExportDialog  *self,
                                const char          *path,
                                GError             **error)
{
  SynackRenderOptions options;
  SynackRenderFormat format;

  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), FALSE);

  synack_export_dialog_get_options (self, &options, &format);
  if (!synack_render_to_file (self->trace, path, format, &options, error))
    return FALSE;
  g_signal_emit (self, signals[EXPORTED], 0, path);
  return TRUE;
}

GtkWidget *
synack_export_dialog_get_part (SynackExportDialog *self,
                               const char         *name)
{
  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), NULL);

  if (g_str_equal (name, "format"))
    return GTK_WIDGET (self->format_row);
  if (g_str_equal (name, "theme"))
    return GTK_WIDGET (self->theme_row);
  if (g_str_equal (name, "width"))
    return GTK_WIDGET (self->width_spin);
  if (g_str_equal (name, "scale"))
    return GTK_WIDGET (self->scale_spin);
  if (g_str_equal (name, "span"))
    return GTK_WIDGET (self->span_row);
  if (g_str_equal (name, "timeline"))
    return GTK_WIDGET (self->timeline_switch);
  if (g_str_equal (name, "legend"))
    return GTK_WIDGET (self->legend_switch);
  if (g_str_equal (name, "export"))
    return GTK_WIDGET (self->export_button);
  return NULL;
}

/* The size the file will have, under the width: a figure's height follows
 * its span, so a teacher sees before saving whether it fits a page. */
static void
update_size (SynackExportDialog *self)
{
  SynackRenderOptions options;
  SynackRenderFormat format;
  double width, height, ns_per_px;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  synack_export_dialog_get_options (self, &options, &format);
  if (!synack_render_measure (self->trace, &options, &width, &height, &ns_per_px, &error))
    text = g_strdup (error->message);
  else if (format == SYNACK_RENDER_PDF)
    /* TRANSLATORS: the figure's size on a PDF page; a point is 1/72 inch */
    text = g_strdup_printf (_("%.0f × %.0f points"), width, height);
  else
    /* TRANSLATORS: the figure's size in an image */
    text = g_strdup_printf (_("%.0f × %.0f pixels"), width, height);
  adw_action_row_set_subtitle (self->width_row, text);
}

static void
option_changed (SynackExportDialog *self)
{
  update_size (self);
}

gboolean
synack_export_dialog_save (SynackExportDialog *self,
                           GFile              *file)
{
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  SynackRenderFormat named;

  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  path = g_file_get_path (file);
  if (path == NULL)
    g_set_error (&error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                 _("The figure can only be written to a local file"));
  /* A name typed with another format's extension asks for that format:
   * "figure.png" is never an SVG inside. */
  if (path != NULL && synack_render_format_from_path (path, &named))
    for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
      if (formats[i] == named)
        adw_combo_row_set_selected (self->format_row, i);
  if (error == NULL && synack_export_dialog_export_to (self, path, &error))
    {
      gtk_window_destroy (GTK_WINDOW (self));
      return TRUE;
    }
  self->alert = adw_message_dialog_new (GTK_WINDOW (self), _("Cannot Export the Figure"),
                                        error->message);
  g_object_add_weak_pointer (G_OBJECT (self->alert), (gpointer *) &self->alert);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (self->alert), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (self->alert));
  return FALSE;
}

GtkFileChooser *
synack_export_dialog_get_chooser (SynackExportDialog *self)
{
  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), NULL);
  return self->chooser != NULL ? GTK_FILE_CHOOSER (self->chooser) : NULL;
}

GtkWindow *
synack_export_dialog_get_alert (SynackExportDialog *self)
{
  g_return_val_if_fail (SYNACK_IS_EXPORT_DIALOG (self), NULL);
  return self->alert != NULL ? GTK_WINDOW (self->alert) : NULL;
}

static void
chooser_response (GtkNativeDialog *chooser,
                  int              response,
                  gpointer         user_data)
{
  SynackExportDialog *self = user_data;

  if (self->chooser == GTK_FILE_CHOOSER_NATIVE (chooser))
    self->chooser = NULL;
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        synack_export_dialog_save (self, file);
    }
  g_object_unref (chooser);
  g_object_unref (self);
}

static void
export_clicked (SynackExportDialog *self)
{
  GtkFileChooserNative *chooser;
  g_autofree char *name = synack_export_dialog_get_file_name (self);

  chooser = gtk_file_chooser_native_new (_("Export Figure"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response), g_object_ref (self));
  self->chooser = chooser;
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
synack_export_dialog_dispose (GObject *object)
{
  SynackExportDialog *self = SYNACK_EXPORT_DIALOG (object);

  g_clear_object (&self->trace);
  if (self->alert != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->alert), (gpointer *) &self->alert);
  self->alert = NULL;
  gtk_widget_dispose_template (GTK_WIDGET (self), SYNACK_TYPE_EXPORT_DIALOG);
  G_OBJECT_CLASS (synack_export_dialog_parent_class)->dispose (object);
}

static void
synack_export_dialog_finalize (GObject *object)
{
  SynackExportDialog *self = SYNACK_EXPORT_DIALOG (object);

  g_free (self->stem);
  G_OBJECT_CLASS (synack_export_dialog_parent_class)->finalize (object);
}

static void
synack_export_dialog_class_init (SynackExportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_export_dialog_dispose;
  object_class->finalize = synack_export_dialog_finalize;

  /* The figure was written to the path. */
  signals[EXPORTED] = g_signal_new ("exported", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  synack_ui_ensure_resources ();
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/synack/Synack/synack-export-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, format_row);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, theme_row);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, width_row);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, width_spin);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, span_row);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, timeline_switch);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, legend_switch);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, SynackExportDialog, export_button);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
synack_export_dialog_init (SynackExportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  synack_render_options_init (&self->defaults);
  g_signal_connect_swapped (self->cancel_button, "clicked", G_CALLBACK (gtk_window_destroy), self);
  g_signal_connect_swapped (self->export_button, "clicked", G_CALLBACK (export_clicked), self);
}

SynackExportDialog *
synack_export_dialog_new (GtkWindow                 *parent,
                          SynackTrace               *trace,
                          const SynackRenderOptions *defaults,
                          const char                *stem)
{
  SynackExportDialog *self;
  gboolean has_span;

  g_return_val_if_fail (SYNACK_IS_TRACE (trace), NULL);
  g_return_val_if_fail (defaults != NULL, NULL);

  self = g_object_new (SYNACK_TYPE_EXPORT_DIALOG, "transient-for", parent, NULL);
  self->trace = g_object_ref (trace);
  self->defaults = *defaults;
  self->stem = synack_export_dialog_file_stem (stem);

  /* Files default to light colours and SVG, which scales on a page and a
   * slide; the text scale is the one the window uses now. */
  adw_combo_row_set_selected (self->format_row, 1);
  adw_combo_row_set_selected (self->theme_row, SYNACK_THEME_LIGHT);
  gtk_spin_button_set_value (self->width_spin, CLAMP (defaults->width, 320, 20000));
  gtk_spin_button_set_value (self->scale_spin, CLAMP (defaults->text_scale, 1, 3));
  gtk_switch_set_active (self->timeline_switch, defaults->timeline);
  gtk_switch_set_active (self->legend_switch, defaults->legend);
  has_span = defaults->from != SYNACK_TIME_NONE && defaults->to != SYNACK_TIME_NONE;
  gtk_widget_set_visible (GTK_WIDGET (self->span_row), has_span);
  adw_combo_row_set_selected (self->span_row, 0);

  g_signal_connect_swapped (self->format_row, "notify::selected", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->theme_row, "notify::selected", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->span_row, "notify::selected", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->width_spin, "value-changed", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->scale_spin, "value-changed", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->timeline_switch, "notify::active", G_CALLBACK (option_changed), self);
  g_signal_connect_swapped (self->legend_switch, "notify::active", G_CALLBACK (option_changed), self);
  update_size (self);
  return self;
}
