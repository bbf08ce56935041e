/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackPlayer: a cursor over a SynackTrace, for step, play, seek and replay. */
#pragma once

#include <glib-object.h>

#include "synack-trace.h"

G_BEGIN_DECLS

#define SYNACK_PLAYER_MIN_SPEED 0.25
#define SYNACK_PLAYER_MAX_SPEED 64.0

#define SYNACK_TYPE_PLAYER (synack_player_get_type ())

G_DECLARE_FINAL_TYPE (SynackPlayer, synack_player, SYNACK, PLAYER, GObject)

/* Properties, all with notify on change:
 *   trace       SynackTrace*  the trace followed
 *   connection  int           only this connection's events are stepped, -1 for all
 *   position    int           index of the current (last shown) event, -1 before the first;
 *                             never a SYNACK_EVENT_VARS snapshot, which belongs with the
 *                             event before it
 *   time        int64         the cursor's trace time in ns
 *   playing     boolean
 *   speed       double        0.25 to 64, 1 = real time
 *   skip-idle   boolean       during play, gaps longer than idle-threshold pass at once
 *   idle-threshold int64      ns of trace time (default 1 s)
 *   follow-live boolean       jump to the newest event as the trace grows
 *   at-start, at-end boolean  read-only, for button sensitivity
 * Signals:
 *   reached-end ()            playback arrived at the last event
 */
SynackPlayer   *synack_player_new                (SynackTrace  *trace);

SynackTrace    *synack_player_get_trace          (SynackPlayer *self);
void            synack_player_set_trace          (SynackPlayer *self,
                                                  SynackTrace  *trace);
int             synack_player_get_connection     (SynackPlayer *self);
void            synack_player_set_connection     (SynackPlayer *self,
                                                  int           conn);
int             synack_player_get_position       (SynackPlayer *self);
gint64          synack_player_get_time           (SynackPlayer *self);
gboolean        synack_player_get_playing        (SynackPlayer *self);
void            synack_player_set_playing        (SynackPlayer *self,
                                                  gboolean      playing);
double          synack_player_get_speed          (SynackPlayer *self);
void            synack_player_set_speed          (SynackPlayer *self,
                                                  double        speed);
/* One notch up or down the ladder 0.25, 0.5, 1, 2, 4, ... 64. */
void            synack_player_faster             (SynackPlayer *self);
void            synack_player_slower             (SynackPlayer *self);
gboolean        synack_player_get_skip_idle      (SynackPlayer *self);
void            synack_player_set_skip_idle      (SynackPlayer *self,
                                                  gboolean      skip_idle);
void            synack_player_set_idle_threshold (SynackPlayer *self,
                                                  gint64        threshold);
gboolean        synack_player_get_follow_live    (SynackPlayer *self);
void            synack_player_set_follow_live    (SynackPlayer *self,
                                                  gboolean      follow_live);
gboolean        synack_player_get_at_start       (SynackPlayer *self);
gboolean        synack_player_get_at_end         (SynackPlayer *self);

/* Stepping stops playback. Each returns FALSE when there was nowhere to go. */
gboolean        synack_player_step_forward       (SynackPlayer *self);
gboolean        synack_player_step_backward      (SynackPlayer *self);
void            synack_player_seek_event         (SynackPlayer *self,
                                                  int           position);
void            synack_player_seek_time          (SynackPlayer *self,
                                                  gint64        time);
void            synack_player_to_start           (SynackPlayer *self);
void            synack_player_to_end             (SynackPlayer *self);
void            synack_player_toggle             (SynackPlayer *self);

/* Advance playback by real_ns of wall-clock time (scaled by speed). The
 * player's own timer calls it while playing; tests call it directly. */
void            synack_player_advance            (SynackPlayer *self,
                                                  gint64        real_ns);
/* Whether the player drives itself from a main-loop timer when playing
 * (TRUE by default; tests turn it off and call advance()). */
void            synack_player_set_use_timer      (SynackPlayer *self,
                                                  gboolean      use_timer);

G_END_DECLS
