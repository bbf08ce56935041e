/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The built-in lesson library as the user browses it: each lesson's name
 * (what SynackDocumentLoader opens), title, description and the part of
 * the library it is in, translated at the time of the call. GTK-free and
 * free of engine types, so the window's lesson list needs no engine
 * header. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  char *name;          /* "handshake-and-close" */
  char *title;
  char *description;   /* lines joined with '\n'; may be empty */
  char *category;      /* "Opening a connection" */
} SynackLesson;

void       synack_lesson_free        (SynackLesson *lesson);

/* Every built-in lesson, grouped by category in the order the categories
 * first appear in the teaching order, and in teaching order within one.
 * A lesson whose script does not parse is left out with a warning (the
 * scenario tests keep that from happening). (transfer full) (element-type
 * SynackLesson) */
GPtrArray *synack_lessons_list       (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackLesson, synack_lesson_free)

G_END_DECLS
