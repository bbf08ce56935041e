/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "synack-error.h"
#include "synack-privileges.h"

static gboolean
get_caps (struct __user_cap_data_struct data[2])
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };

  return syscall (SYS_capget, &header, data) == 0;
}

guint64
synack_privileges_effective (void)
{
  struct __user_cap_data_struct data[2];

  if (!get_caps (data))
    return 0;
  return (guint64) data[1].effective << 32 | data[0].effective;
}

static guint
count_threads (void)
{
  g_autoptr(GDir) tasks = g_dir_open ("/proc/self/task", 0, NULL);
  guint n = 0;

  if (tasks == NULL)
    return 1;
  while (g_dir_read_name (tasks) != NULL)
    n++;
  return n;
}

gboolean
synack_privileges_limit (guint64   keep_mask,
                         GError  **error)
{
  struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  guint64 permitted, effective, inheritable;
  guint n_threads;

  if (!get_caps (data))
    {
      int saved_errno = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("Could not read this process's capabilities: %s"), g_strerror (saved_errno));
      return FALSE;
    }
  permitted = (guint64) data[1].permitted << 32 | data[0].permitted;
  effective = (guint64) data[1].effective << 32 | data[0].effective;
  inheritable = (guint64) data[1].inheritable << 32 | data[0].inheritable;
  if (((permitted | effective | inheritable) & ~keep_mask) == 0)
    return TRUE;

  n_threads = count_threads ();
  if (n_threads > 1)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("Could not drop capabilities: %u threads are running and each keeps its "
                     "own; drop them before any thread starts"), n_threads);
      return FALSE;
    }

  /* The bounding set first, while CAP_SETPCAP may still be held. */
  for (int cap = 0; cap <= 63; cap++)
    if (!(keep_mask & (G_GUINT64_CONSTANT (1) << cap)) &&
        prctl (PR_CAPBSET_READ, cap, 0, 0, 0) == 1)
      (void) prctl (PR_CAPBSET_DROP, cap, 0, 0, 0);

  permitted &= keep_mask;
  effective &= keep_mask;
  inheritable &= keep_mask;
  data[0].permitted = (guint32) permitted;
  data[1].permitted = (guint32) (permitted >> 32);
  data[0].effective = (guint32) effective;
  data[1].effective = (guint32) (effective >> 32);
  data[0].inheritable = (guint32) inheritable;
  data[1].inheritable = (guint32) (inheritable >> 32);
  if (syscall (SYS_capset, &header, data) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("Could not drop capabilities (capset): %s"), g_strerror (saved_errno));
      return FALSE;
    }
  return TRUE;
}

gboolean
synack_privileges_have (guint cap)
{
  g_return_val_if_fail (cap < 64, FALSE);

  return (synack_privileges_effective () & (G_GUINT64_CONSTANT (1) << cap)) != 0;
}

gboolean
synack_privileges_drop_all (GError **error)
{
  struct __user_cap_data_struct now[2];

  if (!synack_privileges_limit (0, error))
    return FALSE;
  if (!get_caps (now) || now[0].permitted != 0 || now[1].permitted != 0 ||
      now[0].effective != 0 || now[1].effective != 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_FAILED,
                   _("Could not drop capabilities: some remain after capset"));
      return FALSE;
    }
  return TRUE;
}
