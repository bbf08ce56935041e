/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Quiz questions about what comes next in a trace: the next segment's
 * flags, seq and ack, or an endpoint's next state. Works on any trace. No GTK. */
#pragma once

#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct
{
  guint      event;      /* the event the answer reveals */
  char      *question;
  GPtrArray *choices;    /* char *, shuffled */
  guint      correct;    /* index into choices */
} SynackQuizQuestion;

/* A question about the first segment or state change of conn after
 * position, or NULL when nothing is left. (transfer full) */
SynackQuizQuestion *synack_quiz_next        (SynackTrace        *trace,
                                             guint               conn,
                                             int                 position);
void                synack_quiz_question_free (SynackQuizQuestion *question);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackQuizQuestion, synack_quiz_question_free)

G_END_DECLS
