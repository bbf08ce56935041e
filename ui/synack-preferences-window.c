/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-language.h"
#include "synack-player.h"
#include "synack-preferences-window.h"
#include "synack-application.h"

struct _SynackPreferencesWindow
{
  AdwPreferencesWindow parent_instance;

  GSettings     *settings;

  AdwComboRow   *theme_row;
  AdwComboRow   *label_mode_row;
  AdwComboRow   *language_row;
  GtkSwitch     *explanation_switch;
  GtkSwitch     *skip_idle_switch;
  GtkSpinButton *speed_spin;
  GtkSpinButton *budget_spin;
  GtkSpinButton *scale_spin;
  AdwActionRow  *language_note_row;
  GtkButton     *language_reopen_button;
};

G_DEFINE_FINAL_TYPE (SynackPreferencesWindow, synack_preferences_window,
                     ADW_TYPE_PREFERENCES_WINDOW)

const char *const synack_preferences_languages[] = { "", "en", "zh_CN", NULL };

/* Enum keys map to the combo's position through their nick list. */
static const char *const theme_nicks[] = { "system", "light", "dark", NULL };
static const char *const label_mode_nicks[] = { "relative", "absolute", "textbook", NULL };

static gboolean
nick_to_position (GValue   *value,
                  GVariant *variant,
                  gpointer  user_data)
{
  const char *const *nicks = user_data;
  const char *nick = g_variant_get_string (variant, NULL);

  for (guint i = 0; nicks[i] != NULL; i++)
    if (g_str_equal (nicks[i], nick))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }
  g_value_set_uint (value, 0);
  return TRUE;
}

static GVariant *
position_to_nick (const GValue       *value,
                  const GVariantType *expected_type,
                  gpointer            user_data)
{
  const char *const *nicks = user_data;
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) nicks))
    return NULL;
  return g_variant_new_string (nicks[position]);
}

static void
apply_theme (GSettings  *settings,
             const char *key,
             gpointer    user_data)
{
  AdwStyleManager *manager = adw_style_manager_get_default ();
  g_autofree char *theme = g_settings_get_string (settings, "theme");

  if (g_str_equal (theme, "light"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  else if (g_str_equal (theme, "dark"))
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_FORCE_DARK);
  else
    adw_style_manager_set_color_scheme (manager, ADW_COLOR_SCHEME_DEFAULT);
}

void
synack_preferences_window_bind_theme (GSettings *settings)
{
  g_return_if_fail (G_IS_SETTINGS (settings));

  g_signal_connect (settings, "changed::theme", G_CALLBACK (apply_theme), NULL);
  apply_theme (settings, "theme", NULL);
}

static void
language_selected (SynackPreferencesWindow *self)
{
  guint position = adw_combo_row_get_selected (self->language_row);
  g_autofree char *current = NULL;

  if (self->settings == NULL || position >= g_strv_length ((char **) synack_preferences_languages))
    return;
  current = g_settings_get_string (self->settings, "language");
  if (!g_str_equal (current, synack_preferences_languages[position]))
    {
      g_settings_set_string (self->settings, "language", synack_preferences_languages[position]);
      gtk_widget_set_visible (GTK_WIDGET (self->language_note_row), TRUE);
    }
}

/* Strings are fetched when widgets are built, so a new language needs new
 * windows, which the application makes. */
static void
language_reopen_clicked (SynackPreferencesWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *language = NULL;

  if (app == NULL || self->settings == NULL)
    return;
  language = g_settings_get_string (self->settings, "language");
  synack_language_apply (language);
  /* This window outlives the click that destroys it; it must not point at
   * the parent destroyed below. */
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
  synack_application_reopen_windows (SYNACK_APPLICATION (app));
}

static void
synack_preferences_window_dispose (GObject *object)
{
  SynackPreferencesWindow *self = SYNACK_PREFERENCES_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (synack_preferences_window_parent_class)->dispose (object);
}

static void
synack_preferences_window_class_init (SynackPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = synack_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
    "/io/github/synack/Synack/synack-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, theme_row);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, label_mode_row);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, language_row);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, explanation_switch);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, skip_idle_switch);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, speed_spin);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, budget_spin);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, scale_spin);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow, language_note_row);
  gtk_widget_class_bind_template_child (widget_class, SynackPreferencesWindow,
                                        language_reopen_button);
}

static void
synack_preferences_window_init (SynackPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_spin_button_set_range (self->speed_spin, SYNACK_PLAYER_MIN_SPEED, SYNACK_PLAYER_MAX_SPEED);
}

SynackPreferencesWindow *
synack_preferences_window_new (GSettings *settings)
{
  SynackPreferencesWindow *self = g_object_new (SYNACK_TYPE_PREFERENCES_WINDOW, NULL);
  g_autofree char *language = NULL;

  if (settings == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
        adw_toast_new (_("Settings cannot be kept: the GSettings schema is not installed")));
      return self;
    }

  self->settings = g_object_ref (settings);
  g_settings_bind_with_mapping (settings, "theme", self->theme_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_position, position_to_nick,
                                (gpointer) theme_nicks, NULL);
  g_settings_bind_with_mapping (settings, "label-mode", self->label_mode_row, "selected",
                                G_SETTINGS_BIND_DEFAULT, nick_to_position, position_to_nick,
                                (gpointer) label_mode_nicks, NULL);
  g_settings_bind (settings, "show-explanation", self->explanation_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "skip-idle", self->skip_idle_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "speed", self->speed_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "live-memory-budget", self->budget_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "presentation-scale", self->scale_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);

  language = g_settings_get_string (settings, "language");
  for (guint i = 0; synack_preferences_languages[i] != NULL; i++)
    if (g_str_equal (language, synack_preferences_languages[i]))
      adw_combo_row_set_selected (self->language_row, i);
  g_signal_connect_object (self->language_row, "notify::selected",
                           G_CALLBACK (language_selected), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->language_reopen_button, "clicked",
                           G_CALLBACK (language_reopen_clicked), self, G_CONNECT_SWAPPED);
  return self;
}
