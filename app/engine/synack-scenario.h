/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenario scripts (data/scenarios/ *.synack): parser and runner. The
 * language is described at the top of synack-scenario.c. */
#pragma once

#include <gio/gio.h>

#include "synack-engine.h"
#include "synack-link.h"
#include "synack-trace.h"

G_BEGIN_DECLS

typedef struct _SynackScenario SynackScenario;

/* Parse a script. filename is used in error messages only ("x.synack:7:12:
 * ..."). Errors are SYNACK_ERROR_PARSE. (transfer full) */
SynackScenario *synack_scenario_parse          (const char      *text,
                                                gssize           len,
                                                const char      *filename,
                                                GError         **error);
SynackScenario *synack_scenario_load_file      (const char      *path,
                                                GError         **error);
/* A scenario of the built-in library by name ("handshake-and-close"). */
SynackScenario *synack_scenario_load_builtin   (const char      *name,
                                                GError         **error);
/* A built-in name, else a path to a file. */
SynackScenario *synack_scenario_load           (const char      *name_or_path,
                                                GError         **error);
/* The built-in library's names in teaching order. (transfer full) */
char          **synack_scenario_list_builtin   (void);
/* The script text of a built-in scenario. (transfer full) */
GBytes         *synack_scenario_get_builtin_text (const char    *name,
                                                GError         **error);
/* The scenario the app opens on. */
#define SYNACK_SCENARIO_DEMO "handshake-and-close"

SynackScenario *synack_scenario_ref            (SynackScenario  *self);
void            synack_scenario_unref          (SynackScenario  *self);

/* The file stem or built-in name. */
const char     *synack_scenario_get_name       (SynackScenario  *self);
/* Title and description, translated at the time of the call. */
const char     *synack_scenario_get_title      (SynackScenario  *self);
const char     *synack_scenario_get_description (SynackScenario *self);
/* Which part of the lesson library it belongs to, or NULL. */
const char     *synack_scenario_get_category   (SynackScenario  *self);
/* How long the run may last in virtual time, ns. */
gint64          synack_scenario_get_limit      (SynackScenario  *self);

/* Add a link rule (the app's "what if": lose/delay/duplicate a segment). */
void            synack_scenario_add_rule       (SynackScenario  *self,
                                                const SynackLinkRule *rule);

/* Build the engine for a scenario on clock (NULL: a new virtual clock),
 * recording into trace (may be NULL), with every action scheduled. Drive a
 * virtual clock with synack_engine_run_until(). The actors are hosts named
 * "client" and "server". (transfer full) */
SynackEngine   *synack_scenario_start          (SynackScenario  *self,
                                                guint64          seed,
                                                SynackTrace     *trace,
                                                SynackClock     *clock);
/* Run a scenario to its end (or its limit) on a virtual clock: a finished,
 * committed engine trace. notes (may be NULL) receives what
 * synack_scenario_get_run_notes() says, or NULL. (transfer full) */
SynackTrace    *synack_scenario_run            (SynackScenario  *self,
                                                guint64          seed,
                                                char           **notes);
/* Notes about actions the run could not carry out ("2.000 s client send:
 * no connection"), actions after the time limit, and why the engine's hang
 * guard stopped the run (synack_engine_get_stopped(): "stopped at 0.100000 s:
 * ..."), one a line, or NULL. Valid until the engine dies. */
const char     *synack_scenario_get_run_notes  (SynackEngine    *engine);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (SynackScenario, synack_scenario_unref)

G_END_DECLS
