/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "synack-lessons.h"
#include "synack-scenario.h"

void
synack_lesson_free (SynackLesson *lesson)
{
  if (lesson == NULL)
    return;
  g_free (lesson->name);
  g_free (lesson->title);
  g_free (lesson->description);
  g_free (lesson->category);
  g_free (lesson);
}

GPtrArray *
synack_lessons_list (void)
{
  g_auto(GStrv) names = synack_scenario_list_builtin ();
  g_autoptr(GPtrArray) in_order = g_ptr_array_new ();
  g_autoptr(GPtrArray) categories = g_ptr_array_new ();
  GPtrArray *lessons = g_ptr_array_new_with_free_func ((GDestroyNotify) synack_lesson_free);

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(SynackScenario) scenario = synack_scenario_load_builtin (names[i], &error);
      SynackLesson *lesson;
      const char *category;

      if (scenario == NULL)
        {
          g_warning ("Built-in lesson %s: %s", names[i], error->message);
          continue;
        }
      category = synack_scenario_get_category (scenario);
      lesson = g_new0 (SynackLesson, 1);
      lesson->name = g_strdup (names[i]);
      lesson->title = g_strdup (synack_scenario_get_title (scenario));
      lesson->description = g_strdup (synack_scenario_get_description (scenario));
      /* TRANSLATORS: the part of the lesson library for a lesson that names none */
      lesson->category = g_strdup (category != NULL ? category : _("Other lessons"));
      g_ptr_array_add (in_order, lesson);
      if (!g_ptr_array_find_with_equal_func (categories, lesson->category, g_str_equal, NULL))
        g_ptr_array_add (categories, lesson->category);
    }

  /* grouped by category, stable within one */
  for (guint c = 0; c < categories->len; c++)
    for (guint i = 0; i < in_order->len; i++)
      {
        SynackLesson *lesson = g_ptr_array_index (in_order, i);

        if (g_str_equal (lesson->category, g_ptr_array_index (categories, c)))
          g_ptr_array_add (lessons, lesson);
      }
  return lessons;
}
