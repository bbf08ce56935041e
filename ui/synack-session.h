/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackSession: what one window is looking at. It holds the trace shown,
 * the player that walks it and the view state the pictures share, and it
 * is the one place that writes the current connection, the selection, the
 * theme (dark, high contrast, presentation text scale), the number mode
 * and the playback speed and skip-idle settings. Every view and panel is
 * handed the session and follows it with signals; none of them decides
 * these things for itself.
 *
 * A what-if comparison is a second session owned by this one (compare):
 * its theme and number mode are written from here, its cursor follows
 * this session's time and its view this session's zoom and first time.
 *
 * No GTK in here: the window feeds the desktop's dark and high-contrast
 * preference in through synack_session_set_system_style(). */
#pragma once

#include <gio/gio.h>

#include "synack-kernel-states.h"
#include "synack-document.h"
#include "synack-player.h"
#include "synack-trace.h"
#include "synack-view-state.h"

G_BEGIN_DECLS

#define SYNACK_TYPE_SESSION (synack_session_get_type ())

G_DECLARE_FINAL_TYPE (SynackSession, synack_session, SYNACK, SESSION, GObject)

/* Properties (read-only from outside unless a setter is below; notify on change):
 *   document        SynackDocument what is shown and where it came from (NULL
 *                                  before one is, or for a bare trace)
 *   trace           SynackTrace    the trace shown (NULL before one is)
 *   connection      uint           the connection shown
 *   selected        int            the selected segment event, or -1
 *   dark            boolean        pictures drawn dark
 *   high-contrast   boolean        pictures drawn in high contrast (the
 *                                  desktop asks for it, or presentation)
 *   presentation    boolean        presentation mode (larger text, high contrast)
 *   text-scale      double         1.0, or the presentation scale
 *   seq-mode        SynackSeqMode  relative or absolute sequence numbers
 *   lesson          string         what the scenario shown is about, or NULL
 *   can-rerun       boolean        the engine can run the trace again (what if,
 *                                  acting at the cursor)
 *   compare         SynackSession  the what-if comparison, or NULL
 *   compare-title   string         what the comparison changed, or NULL
 * Signals:
 *   trace-changed ()               a new trace is shown (connection 0, cursor
 *                                  at the start); emitted before notify::trace
 */

SynackSession   *synack_session_new                (GSettings      *settings);
/* Show document: its trace, its lesson, whether it can run again (NULL:
 * nothing); drops any comparison. */
void             synack_session_set_document       (SynackSession  *self,
                                                    SynackDocument *document);
SynackDocument  *synack_session_get_document       (SynackSession  *self);
SynackTrace     *synack_session_get_trace          (SynackSession  *self);
/* Show a bare trace with no document behind it (tests, tools). */
void             synack_session_set_trace          (SynackSession  *self,
                                                    SynackTrace    *trace,
                                                    const char     *lesson,
                                                    gboolean        can_rerun);
SynackPlayer    *synack_session_get_player         (SynackSession  *self);
SynackViewState *synack_session_get_view_state     (SynackSession  *self);
const char      *synack_session_get_lesson         (SynackSession  *self);
gboolean         synack_session_get_can_rerun      (SynackSession  *self);

guint            synack_session_get_connection     (SynackSession  *self);
/* Out of range is ignored. The selection is cleared. */
void             synack_session_set_connection     (SynackSession  *self,
                                                    guint           conn);
int              synack_session_get_selected       (SynackSession  *self);
void             synack_session_set_selected       (SynackSession  *self,
                                                    int             event);
/* The next (or previous) segment of the connection; FALSE at the end. */
gboolean         synack_session_select_next        (SynackSession  *self);
gboolean         synack_session_select_previous    (SynackSession  *self);

/* The desktop's preference (the window reads it from libadwaita). */
void             synack_session_set_system_style   (SynackSession  *self,
                                                    gboolean        dark,
                                                    gboolean        high_contrast);
gboolean         synack_session_get_dark           (SynackSession  *self);
gboolean         synack_session_get_high_contrast  (SynackSession  *self);
gboolean         synack_session_get_presentation   (SynackSession  *self);
void             synack_session_set_presentation   (SynackSession  *self,
                                                    gboolean        presentation);
double           synack_session_get_text_scale     (SynackSession  *self);
/* How the window compares with a 1920 x 1080 screen (the smaller of the
 * two ratios); presentation text scales with it, between 0.7 and 1.4. */
void             synack_session_set_presentation_fit (SynackSession *self,
                                                      double         fit);
SynackSeqMode    synack_session_get_seq_mode       (SynackSession  *self);
void             synack_session_set_seq_mode       (SynackSession  *self,
                                                    SynackSeqMode   mode);
void             synack_session_set_speed          (SynackSession  *self,
                                                    double          speed);
void             synack_session_set_skip_idle      (SynackSession  *self,
                                                    gboolean        skip_idle);

/* The what-if comparison: document beside this one, titled; NULL clears it. */
void             synack_session_set_compare_document (SynackSession  *self,
                                                    SynackDocument *document,
                                                    const char     *title);
void             synack_session_set_compare        (SynackSession  *self,
                                                    SynackTrace    *trace,
                                                    const char     *title);
SynackSession   *synack_session_get_compare        (SynackSession  *self);
const char      *synack_session_get_compare_title  (SynackSession  *self);

/* The kernel's own states of the shown trace's local endpoints (a live
 * capture of this machine's traffic), or NULL; the views draw them beside
 * the inferred ones when they belong to the shown trace. Emits
 * ::kernel-states-changed when set and when the kernel said more. */
SynackKernelStates *synack_session_get_kernel_states (SynackSession      *self);
void             synack_session_set_kernel_states  (SynackSession      *self,
                                                    SynackKernelStates *states);
void             synack_session_kernel_states_grew (SynackSession      *self);

/* For a panel that shows what is at the cursor: call callback (swapped:
 * instance is its only argument) on a new trace, another connection, a
 * new selection and each move of the cursor, for as long as instance
 * lives. */
void             synack_session_follow_cursor      (SynackSession  *self,
                                                    GCallback       callback,
                                                    gpointer        instance);

/* The event the side panels (Details, Header) show: the cursor's event,
 * whatever its kind, unless a segment other than the one the selection
 * follows the cursor to was picked; -1 with no connection shown. */
int              synack_session_get_shown_event    (SynackSession  *self);

G_END_DECLS
