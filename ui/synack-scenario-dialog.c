/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "synack-scenario-dialog.h"
#include "synack-lessons.h"

struct _SynackScenarioDialog
{
  AdwWindow       parent_instance;

  GtkSearchEntry *search;
  GtkStack       *stack;     /* "lessons", or "empty" when nothing matches */
  GPtrArray      *groups;    /* a category's heading and boxed list, with "list" data */
  GPtrArray      *rows;      /* GtkListBoxRow, with "name" and "haystack" data */
};

G_DEFINE_FINAL_TYPE (SynackScenarioDialog, synack_scenario_dialog, ADW_TYPE_WINDOW)

enum { SCENARIO_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
row_matches (GtkListBoxRow *row,
             gpointer       user_data)
{
  SynackScenarioDialog *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->search));
  const char *haystack = g_object_get_data (G_OBJECT (row), "haystack");
  g_auto(GStrv) words = NULL;

  if (query == NULL || query[0] == '\0')
    return TRUE;
  /* Every word must appear somewhere, in any case. */
  words = g_str_tokenize_and_fold (query, NULL, NULL);
  for (guint i = 0; words[i] != NULL; i++)
    if (strstr (haystack, words[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* Each category's list filtered, a category with no match hidden, and
 * "No Matching Scenario" when no lesson matches. */
static void
search_changed (SynackScenarioDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->groups->len; i++)
    {
      GtkWidget *group = g_ptr_array_index (self->groups, i);
      GtkListBox *list = g_object_get_data (G_OBJECT (group), "list");
      gboolean shown = FALSE;

      gtk_list_box_invalidate_filter (list);
      for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (list)); row != NULL;
           row = gtk_widget_get_next_sibling (row))
        shown |= GTK_IS_LIST_BOX_ROW (row) && row_matches (GTK_LIST_BOX_ROW (row), self);
      gtk_widget_set_visible (group, shown);
      any |= shown;
    }
  gtk_stack_set_visible_child_name (self->stack, any ? "lessons" : "empty");
}

static void
row_activated (GtkListBox           *list,
               GtkListBoxRow        *row,
               SynackScenarioDialog *self)
{
  const char *name = g_object_get_data (G_OBJECT (row), "name");

  synack_scenario_dialog_choose (self, name);
}

void
synack_scenario_dialog_choose (SynackScenarioDialog *self,
                               const char           *name)
{
  g_autofree char *copy = g_strdup (name);

  g_return_if_fail (SYNACK_IS_SCENARIO_DIALOG (self));

  g_signal_emit (self, signals[SCENARIO_CHOSEN], 0, copy);
  gtk_window_close (GTK_WINDOW (self));
}

void
synack_scenario_dialog_set_search (SynackScenarioDialog *self,
                                   const char           *text)
{
  g_return_if_fail (SYNACK_IS_SCENARIO_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search), text);
  search_changed (self);
}

GStrv
synack_scenario_dialog_get_visible (SynackScenarioDialog *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (SYNACK_IS_SCENARIO_DIALOG (self), NULL);

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkListBoxRow *row = g_ptr_array_index (self->rows, i);

      if (row_matches (row, self))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (row), "name"));
    }
  return g_strv_builder_end (builder);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             SynackScenarioDialog  *self)
{
  if (keyval == GDK_KEY_Escape)
    {
      gtk_window_close (GTK_WINDOW (self));
      return TRUE;
    }
  return FALSE;
}

/* Escape in the search entry (which has the focus) clears the search, or
 * closes the library when there is nothing to clear. */
static void
stop_search (SynackScenarioDialog *self)
{
  if (gtk_editable_get_text (GTK_EDITABLE (self->search))[0] != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->search), "");
  else
    gtk_window_close (GTK_WINDOW (self));
}

static void
synack_scenario_dialog_dispose (GObject *object)
{
  SynackScenarioDialog *self = SYNACK_SCENARIO_DIALOG (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);

  G_OBJECT_CLASS (synack_scenario_dialog_parent_class)->dispose (object);
}

static void
synack_scenario_dialog_class_init (SynackScenarioDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = synack_scenario_dialog_dispose;

  signals[SCENARIO_CHOSEN] =
    g_signal_new ("scenario-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

/* A category's part of the library: its name over a boxed list. */
static GtkListBox *
add_group (SynackScenarioDialog *self,
           GtkBox               *lessons,
           const char           *category)
{
  GtkWidget *group = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *heading = gtk_label_new (category);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_label_set_wrap (GTK_LABEL (heading), TRUE);
  gtk_widget_add_css_class (heading, "heading");
  gtk_box_append (GTK_BOX (group), heading);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_list_box_set_filter_func (GTK_LIST_BOX (list), row_matches, self, NULL);
  g_signal_connect (list, "row-activated", G_CALLBACK (row_activated), self);
  gtk_box_append (GTK_BOX (group), list);
  g_object_set_data (G_OBJECT (group), "list", list);
  g_ptr_array_add (self->groups, group);
  gtk_box_append (lessons, group);
  return GTK_LIST_BOX (list);
}

static void
synack_scenario_dialog_init (SynackScenarioDialog *self)
{
  GtkWidget *box, *header, *scrolled, *clamp, *lessons, *empty;
  GtkEventController *keys;
  g_autoptr(GPtrArray) library = synack_lessons_list ();
  GtkListBox *list = NULL;
  const char *category = NULL;

  self->rows = g_ptr_array_new ();
  self->groups = g_ptr_array_new ();
  gtk_window_set_title (GTK_WINDOW (self), _("Scenario Library"));
  gtk_window_set_default_size (GTK_WINDOW (self), 620, 640);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  header = adw_header_bar_new ();
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Scenario Library"),
                                                         _("Classic TCP situations on the built-in engine")));
  gtk_box_append (GTK_BOX (box), header);

  self->search = GTK_SEARCH_ENTRY (gtk_search_entry_new ());
  gtk_search_entry_set_key_capture_widget (self->search, GTK_WIDGET (self));
  gtk_widget_set_margin_start (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->search), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (self->search), 12);
  g_object_set (self->search, "placeholder-text", _("Search scenarios"), NULL);
  g_signal_connect_swapped (self->search, "search-changed", G_CALLBACK (search_changed), self);
  g_signal_connect_swapped (self->search, "stop-search", G_CALLBACK (stop_search), self);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->search));

  /* one boxed list a category, in the library's order */
  lessons = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  gtk_widget_set_valign (lessons, GTK_ALIGN_START);
  for (guint i = 0; i < library->len; i++)
    {
      const SynackLesson *lesson = g_ptr_array_index (library, i);
      GtkWidget *row;
      g_autofree char *text = NULL;

      if (list == NULL || g_strcmp0 (category, lesson->category) != 0)
        {
          category = lesson->category;
          list = add_group (self, GTK_BOX (lessons), category);
        }
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), lesson->title);
      if (lesson->description[0] != '\0')
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), lesson->description);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      text = g_strdup_printf ("%s %s %s %s", lesson->name, lesson->title, lesson->description,
                              lesson->category);
      g_object_set_data_full (G_OBJECT (row), "name", g_strdup (lesson->name), g_free);
      g_object_set_data_full (G_OBJECT (row), "haystack", g_utf8_casefold (text, -1), g_free);
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (list, row);
    }

  empty = adw_status_page_new ();
  adw_status_page_set_icon_name (ADW_STATUS_PAGE (empty), "edit-find-symbolic");
  adw_status_page_set_title (ADW_STATUS_PAGE (empty), _("No Matching Scenario"));
  self->stack = GTK_STACK (gtk_stack_new ());
  gtk_stack_add_named (self->stack, lessons, "lessons");
  gtk_stack_add_named (self->stack, empty, "empty");

  clamp = adw_clamp_new ();
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  gtk_widget_set_margin_start (clamp, 12);
  gtk_widget_set_margin_end (clamp, 12);
  gtk_widget_set_margin_top (clamp, 12);
  gtk_widget_set_margin_bottom (clamp, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), GTK_WIDGET (self->stack));
  scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_box_append (GTK_BOX (box), scrolled);
  adw_window_set_content (ADW_WINDOW (self), box);

  keys = gtk_event_controller_key_new ();
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), keys);
}

GtkWidget *
synack_scenario_dialog_new (GtkWindow *parent)
{
  return g_object_new (SYNACK_TYPE_SCENARIO_DIALOG, "transient-for", parent, NULL);
}
