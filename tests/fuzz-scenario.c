/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Fuzz target: the scenario parser. Any text either parses or fails with
 * SYNACK_ERROR_PARSE and a message that starts "fuzz.synack:LINE:COLUMN: "
 * (or "fuzz.synack: " for the file as a whole), in UTF-8. A script that parses is run on
 * the virtual clock when its limit is short, so the runner sees it too. */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "synack-error.h"
#include "synack-scenario.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(SynackScenario) scenario = NULL;

  scenario = synack_scenario_parse ((const char *) data, (gssize) size, "fuzz.synack", &error);
  if (scenario == NULL)
    {
      FUZZ_CHECK (error != NULL);
      FUZZ_CHECK (g_error_matches (error, SYNACK_ERROR, SYNACK_ERROR_PARSE));
      FUZZ_CHECK (g_utf8_validate (error->message, -1, NULL));
      FUZZ_CHECK (g_str_has_prefix (error->message, "fuzz.synack:"));
      /* "fuzz.synack:LINE:COLUMN: what", or about the whole file
       * ("fuzz.synack: not a text file", "fuzz.synack: no timed lines"). */
      FUZZ_CHECK (g_regex_match_simple ("^fuzz\\.synack:([0-9]+:[0-9]+:)? [^ ]", error->message,
                                        0, 0));
      return 0;
    }
  FUZZ_CHECK (error == NULL);
  FUZZ_CHECK (synack_scenario_get_name (scenario) != NULL);
  FUZZ_CHECK (synack_scenario_get_title (scenario) != NULL);
  /* a time limit of 0 would run nothing */
  FUZZ_CHECK (synack_scenario_get_limit (scenario) > 0);

  /* Running is bounded by virtual time, but a long limit with gigabytes to
   * send takes long: only scripts limited to 10 s of virtual time run here. */
  if (synack_scenario_get_limit (scenario) <= 10 * G_GINT64_CONSTANT (1000000000))
    {
      g_autoptr(SynackTrace) trace = synack_scenario_run (scenario, 1, NULL);

      FUZZ_CHECK (trace != NULL);
    }
  return 0;
}
