/* SPDX-License-Identifier: GPL-3.0-or-later */
/* SynackDocument: one trace and where it came from. A scenario run on the
 * engine (with its script, seed and lesson), a pcap Synack saved and re-ran
 * from the scenario beside it, a capture file, a live capture, or the engine
 * on a TUN device with its services. The window shows one; every CLI command
 * gets one from a SynackDocumentLoader (synack-document-loader.h).
 *
 * Properties (read-only; notify on change, on the main thread):
 *   title     the trace's title ("Lost SYN and exponential backoff", a file's name)
 *   subtitle  what it is ("Built-in engine · 1 connection",
 *             "Live capture · 120 packets · 0 dropped")
 *   can-rerun a scenario is behind it: rerun_with_rule() and act_at() work
 *   live      the trace may still grow (a live capture or TUN not yet stopped)
 *   running   its source is running (the same as live today; kept apart so a
 *             paused source can be told from a stopped one)
 * Signals:
 *   stopped (GError *error)  a live source stopped: by stop() (error NULL),
 *                            by its packet count, or because it failed (a
 *                            capture's interface went away, a TUN device
 *                            could not be read): error says what and where.
 *
 * The header includes no engine or capture header, so ui/ can use it. */
#pragma once

#include <gio/gio.h>

#include "synack-trace.h"

G_BEGIN_DECLS

typedef enum
{
  SYNACK_DOCUMENT_SCENARIO,   /* a built-in lesson or a .synack file, run on the engine */
  SYNACK_DOCUMENT_SAVED_RUN,  /* a pcap Synack saved, re-run from the scenario beside it */
  SYNACK_DOCUMENT_CAPTURE,    /* a pcap or pcapng file, states inferred */
  SYNACK_DOCUMENT_LIVE,       /* a live capture on an interface */
  SYNACK_DOCUMENT_TUN,        /* the engine on a TUN device, talking to real programs */
  SYNACK_DOCUMENT_MACHINE,    /* this machine's TCP sockets, their states as the kernel tells */
} SynackDocumentKind;

/* synack-machine.h (app/kernel) */
typedef struct _SynackMachine SynackMachine;

/* What a what-if does to one segment. */
typedef enum
{
  SYNACK_WHAT_IF_LOSE,
  SYNACK_WHAT_IF_DELAY,
  SYNACK_WHAT_IF_DUPLICATE,
} SynackWhatIf;

/* How late a delayed segment arrives in a what-if. */
#define SYNACK_WHAT_IF_DELAY_NS (200 * G_GINT64_CONSTANT (1000000))

/* The TUN device the window opens, and the services the engine offers. */
#define SYNACK_DOCUMENT_TUN_IFNAME  "synack0"
#define SYNACK_DOCUMENT_TUN_ADDRESS "10.77.0.2"
#define SYNACK_DOCUMENT_TUN_PREFIX  24

#define SYNACK_TYPE_DOCUMENT (synack_document_get_type ())

G_DECLARE_FINAL_TYPE (SynackDocument, synack_document, SYNACK, DOCUMENT, GObject)

/* A scenario script run on the engine with seed. name is a built-in name or
 * a file's path: it names the script in error messages ("x.synack:3:7: ...")
 * and titles nothing (the script's title does). Errors: the script's. */
SynackDocument     *synack_document_new_scenario   (const char      *script,
                                                    const char      *name,
                                                    guint64          seed,
                                                    GError         **error);
/* A live capture on iface (BPF filter may be NULL), started. Errors say
 * what is missing (the privilege and how to grant it, the interface). */
SynackDocument     *synack_document_new_live       (const char      *iface,
                                                    const char      *filter,
                                                    GError         **error);
/* A live capture's memory budget unless told otherwise: 256 MiB
 * (SYNACK_LIVE_BUDGET_DEFAULT; this header includes no capture header). */
#define SYNACK_DOCUMENT_DEFAULT_MEMORY_BUDGET (G_GUINT64_CONSTANT (256) << 20)

/* A capture file fed through the live path as if captured now (passes
 * times over, each after the last; at rate packets a second, 0: as fast as
 * it reads), within memory_budget bytes of trace: for trying a budget and
 * for tests. */
SynackDocument     *synack_document_new_replay     (const char      *path,
                                                    guint            passes,
                                                    guint            rate,
                                                    guint64          memory_budget,
                                                    GError         **error);
/* A live capture's memory budget (synack-live.h), bytes: past it the oldest
 * finished connections are let go, and the subtitle counts them. Nothing
 * for the other kinds. */
void                synack_document_set_memory_budget (SynackDocument *self,
                                                    guint64          bytes);
/* A live capture whose open connections alone are past its memory budget
 * now: nothing can be let go (the subtitle says so; notify::subtitle
 * follows each change). FALSE for the other kinds. */
gboolean            synack_document_get_over_budget   (SynackDocument *self);
/* The engine on the TUN device SYNACK_DOCUMENT_TUN_IFNAME at
 * SYNACK_DOCUMENT_TUN_ADDRESS, with echo (7), discard (9) and http (80)
 * services, seeded with seed. Fails with SYNACK_ERROR_PERMISSION and the
 * exact fix without CAP_NET_ADMIN. */
SynackDocument     *synack_document_new_tun        (guint64          seed,
                                                    GError         **error);
/* This machine's TCP sockets, watched (SynackMachine): a live list, and a
 * trace with a connection for every socket the kernel reports a change of
 * or that is followed. Fails when the kernel's socket list cannot be read;
 * ::stopped (with the error) when it can no longer be. */
SynackDocument     *synack_document_new_machine    (GError         **error);
/* The machine behind a SYNACK_DOCUMENT_MACHINE document, else NULL.
 * (transfer none) */
SynackMachine      *synack_document_get_machine    (SynackDocument  *self);
/* Whether this process may open the TUN device (CAP_NET_ADMIN). */
gboolean            synack_document_can_open_tun   (void);

SynackDocumentKind  synack_document_get_kind       (SynackDocument  *self);
/* (transfer none) */
SynackTrace        *synack_document_get_trace      (SynackDocument  *self);
const char         *synack_document_get_title      (SynackDocument  *self);
const char         *synack_document_get_subtitle   (SynackDocument  *self);
gboolean            synack_document_get_can_rerun  (SynackDocument  *self);
gboolean            synack_document_get_live       (SynackDocument  *self);
gboolean            synack_document_get_running    (SynackDocument  *self);
/* The file it was read from (capture, saved run, .synack), or NULL. */
const char         *synack_document_get_path       (SynackDocument  *self);

/* Scenario and saved run: the script, the name it goes by (built-in name
 * or path of the .synack), the seed of this run and the lesson (the
 * scenario's description, translated). NULL / 0 for the other kinds. */
const char         *synack_document_get_script     (SynackDocument  *self);
const char         *synack_document_get_script_name (SynackDocument *self);
guint64             synack_document_get_seed       (SynackDocument  *self);
const char         *synack_document_get_lesson     (SynackDocument  *self);

/* One-line notes about how it was made, for a toast or stderr: actions the
 * engine could not carry out, a saved run re-ran exactly (or why its states
 * are inferred instead), a capture cut short, broken packets skipped, no TCP
 * in a file. NULL-terminated, possibly empty. (transfer none) */
const char * const *synack_document_get_notes      (SynackDocument  *self);

/* Why the engine gave up a scenario run before its end (its hang guard:
 * endpoints answering each other at one instant for ever), or NULL. The
 * trace holds the run up to there; the reason is also the last note. */
const GError       *synack_document_get_run_error  (SynackDocument  *self);

/* Stop a live source (capture or TUN); ::stopped follows with no error.
 * Nothing for the other kinds. */
void                synack_document_stop           (SynackDocument  *self);

/* Save as a pcap at path; a document with a scenario also writes the
 * scenario beside it (X.pcap and X.synack), headed by the seed of this run,
 * so that opening X.pcap re-runs it exactly. A live capture saves every
 * packet it captured, as read. */
gboolean            synack_document_save           (SynackDocument  *self,
                                                    const char      *path,
                                                    GError         **error);

/* The scenario again with the segment at event index (of this document's
 * trace) lost, delayed by SYNACK_WHAT_IF_DELAY_NS or duplicated: a new
 * document. Needs can-rerun. (transfer full) */
SynackDocument     *synack_document_rerun_with_rule (SynackDocument *self,
                                                    guint            segment_index,
                                                    SynackWhatIf     what,
                                                    GError         **error);
/* Act for an endpoint at time (ns): the scripted actions after time are
 * dropped, actor ("client" or "server") does verb ("close", "send 1000",
 * "connect 80", ...) just after it, and the engine runs on: a new document
 * whose script is the edited one. Needs can-rerun. (transfer full) */
SynackDocument     *synack_document_act_at         (SynackDocument  *self,
                                                    gint64           time,
                                                    const char      *actor,
                                                    const char      *verb,
                                                    GError         **error);

G_END_DECLS
