/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackLink: the loopback tap, an in-process wire between two hosts.
 *
 * Side 0 and side 1 (a scenario's client and server); direction 0 carries
 * frames from side 0 to side 1 ("client>server"), direction 1 the other way.
 * A frame takes the one-way delay (plus its serialization time when a
 * bandwidth is set) and meets the fault rules, all decided when it is sent,
 * so the tap learns its fate and arrival time at once. Random rules draw
 * from a GRand seeded by the caller: the same seed, the same faults.
 */
#pragma once

#include <glib.h>

#include "synack-segment.h"

G_BEGIN_DECLS

typedef struct _SynackLink SynackLink;

typedef enum
{
  SYNACK_LINK_LOSE,
  SYNACK_LINK_DELAY,      /* add extra_delay to the frame's trip */
  SYNACK_LINK_DUPLICATE,  /* deliver an extra copy just after it */
  SYNACK_LINK_REORDER,    /* hold it back one more one-way delay, behind later frames */
} SynackLinkAction;

typedef enum
{
  SYNACK_LINK_MATCH_ORDINAL,  /* the ordinal-th frame in the direction (from 1) */
  SYNACK_LINK_MATCH_FLAG,     /* the ordinal-th frame carrying all of flags (or data) */
  SYNACK_LINK_MATCH_FROM,     /* every frame sent at or after from */
  SYNACK_LINK_MATCH_RATE,     /* each frame with probability rate */
} SynackLinkMatch;

/* Pseudo-flag for SYNACK_LINK_MATCH_FLAG: a frame that carries payload. */
#define SYNACK_LINK_FLAG_DATA 0x100

typedef struct
{
  SynackLinkAction action;
  SynackLinkMatch  match;
  guint            direction;    /* 0 or 1 */
  guint            ordinal;      /* ORDINAL and FLAG, from 1 */
  guint            flags;        /* FLAG: SynackFlags bits, or SYNACK_LINK_FLAG_DATA */
  gint64           from;         /* FROM: ns */
  double           rate;         /* RATE: 0..1 */
  gint64           extra_delay;  /* DELAY: ns */
} SynackLinkRule;

typedef enum
{
  SYNACK_LINK_FATE_DELIVERED,
  SYNACK_LINK_FATE_LOST,
  SYNACK_LINK_FATE_DUPLICATED,   /* the extra copy */
  SYNACK_LINK_FATE_HOST_DOWN,    /* the receiving host is down: the link carried it, nobody took it */
} SynackLinkFate;

/* Told of every frame put on the wire (and every extra copy), at send time.
 * arrive is G_MININT64 when the frame is lost. Returns a tag the link keeps
 * with the frame and hands back on delivery (the engine: the frame's trace
 * event index). */
typedef guint (*SynackLinkTapFunc)    (SynackLink          *link,
                                       guint                direction,
                                       const SynackAddress *src,
                                       const SynackAddress *dst,
                                       const SynackSegment *seg,
                                       guint32              analysis,
                                       SynackLinkFate       fate,
                                       gint64               sent,
                                       gint64               arrive,
                                       gpointer             user_data);
/* A frame arrives at the far side of direction. payload is valid only
 * during the call. tag is what the tap returned for it (G_MAXUINT without
 * a tap). */
typedef void (*SynackLinkDeliverFunc) (SynackLink          *link,
                                       guint                direction,
                                       guint                tag,
                                       const SynackAddress *src,
                                       const SynackAddress *dst,
                                       const SynackSegment *seg,
                                       const guint8        *payload,
                                       gpointer             user_data);

SynackLink *synack_link_new            (guint64                seed);
void        synack_link_free           (SynackLink            *self);

/* Frames sent in direction are lost from now on: the receiver is gone. */
void        synack_link_set_down       (SynackLink            *self,
                                        guint                  direction,
                                        gboolean               down);
void        synack_link_set_funcs      (SynackLink            *self,
                                        SynackLinkTapFunc      tap,
                                        SynackLinkDeliverFunc  deliver,
                                        gpointer               user_data);
/* One-way delay in ns, both directions (default 10 ms). */
void        synack_link_set_delay      (SynackLink            *self,
                                        gint64                 delay);
gint64      synack_link_get_delay      (SynackLink            *self);
/* Bits per second, 0 for no limit (the default). */
void        synack_link_set_bandwidth  (SynackLink            *self,
                                        guint64                bits_per_second);
void        synack_link_add_rule       (SynackLink            *self,
                                        const SynackLinkRule  *rule);
guint       synack_link_get_n_rules    (SynackLink            *self);

/* Put a frame on the wire at now; payload holds seg->payload_len bytes (it is
 * copied). Returns the fate of the original frame. */
SynackLinkFate synack_link_send        (SynackLink            *self,
                                        guint                  direction,
                                        gint64                 now,
                                        const SynackAddress   *src,
                                        const SynackAddress   *dst,
                                        const SynackSegment   *seg,
                                        const guint8          *payload,
                                        guint32                analysis);
/* When the next frame arrives, or G_MAXINT64 when none is in flight. */
gint64      synack_link_next_arrival   (SynackLink            *self);
/* Deliver the next frame if it has arrived by now. Returns FALSE when none. */
gboolean    synack_link_deliver_one    (SynackLink            *self,
                                        gint64                 now);
guint       synack_link_get_n_in_flight (SynackLink           *self);
/* Frames sent in a direction so far (the ordinal of the last one). */
guint64     synack_link_get_n_sent     (SynackLink            *self,
                                        guint                  direction);

G_END_DECLS
