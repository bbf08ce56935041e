/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Scenario scripts.
 *
 * A script is a list of lines; '#' starts a comment outside quotes. The
 * actors are `client` (10.0.0.1) and `server` (10.0.0.2).
 *
 *   title _("Text")            the title (a _() string is translatable;
 *   describe _("Text")         a plain "..." one is not); describe lines
 *                              join with newlines
 *   category _("Text")         which part of the lesson library it is in
 *   set delay SECONDS          one-way delay of the link (default 0.01)
 *   set bandwidth BITS         link bandwidth in bit/s, 0 = unlimited
 *   set msl SECONDS            both actors: TIME-WAIT lasts 2 MSL
 *   set rto.initial SECONDS    both actors; also rto.min, rto.max
 *   set limit SECONDS          stop the run at this virtual time (default 4 h;
 *                              above 0); later actions are named in the run
 *                              notes, not run
 *   set ACTOR.isn N            the ISN of every connection ACTOR opens
 *   set ACTOR.mss N            MSS ACTOR announces
 *   set ACTOR.window N         ACTOR's receive buffer (largest window), bytes
 *   set ACTOR.sndbuf N         ACTOR's send buffer, bytes
 *   set ACTOR.wscale N|off     window-scale shift ACTOR offers
 *   set ACTOR.sack on|off      offer SACK-permitted
 *   set ACTOR.timestamps on|off
 *   set ACTOR.nagle on|off
 *   set ACTOR.delayed_ack on|off
 *   set ACTOR.autoread on|off  off: data waits in the buffer for `read`
 *   set ACTOR.keepalive IDLE INTERVAL COUNT   SO_KEEPALIVE on, with these times
 *                              (both above 0)
 *   set ACTOR.keepalive off
 *   set ACTOR.keepalive linux|textbook   presets named by where they come
 *                              from: Linux's tcp_keepalive_time/intvl/probes
 *                              (7200 s, 75 s, 9) and the textbook's server
 *                              (2 hours, 75 s, 10 probes: RFC 1122's 2-hour
 *                              idle default with BSD's interval and count)
 *   set ACTOR.address ADDR     IPv4 or IPv6 (both actors in one family)
 *   set ACTOR.syn_retries N    also synack_retries, data_retries
 *   set ACTOR.rto.min SECONDS  and rto.initial, rto.max for one actor
 *
 * Timed lines: TIME ACTOR VERB [ARGS]. TIME is seconds from the start, or
 * +SECONDS after the line before; times never go backwards. Verbs:
 *
 *   listen PORT [backlog N]    open a listener; connections are accepted
 *                              as they complete
 *   connect [PEER] PORT [from PORT]   connect to the other actor's PORT
 *   send BYTES                 queue BYTES bytes (sent as the windows allow;
 *                              at most 1 GiB)
 *   read BYTES                 read BYTES bytes (as they arrive)
 *   shutdown                   SHUT_WR: a FIN after the queued data
 *   close                      close()
 *   abort                      a RST (SO_LINGER 0)
 *   crash                      the actor vanishes silently: sends nothing,
 *                              ignores everything, its timers stop
 *   spoof rst|syn|ack [OFFSET] a forged segment from the actor's address and
 *                              ports (an attacker's), seq = the actor's
 *                              SND.NXT + OFFSET (may be negative), ack =
 *                              its RCV.NXT; its TCB never knows
 *
 * Link rules, with DIR client>server or server>client, counted over the
 * segments that direction carries (from 1):
 *
 *   lose DIR N                 the Nth segment is lost
 *   lose DIR FLAG [N]          the Nth segment with FLAG (SYN FIN RST PSH ACK
 *                              URG ECE CWR, or DATA: carries payload)
 *   lose DIR from TIME         every segment sent at or after TIME
 *   lose DIR rate P            each segment with probability P (from the seed)
 *   delay DIR N SECONDS        the Nth segment takes SECONDS longer
 *   duplicate DIR N | rate P   an extra copy arrives just after it
 *   reorder DIR N | rate P     it is held back one more one-way delay
 *
 * Errors name file:line:column.
 */
#include "config.h"

#include <inttypes.h>
#include <errno.h>
#include <string.h>
#include <glib/gi18n-lib.h>

#include "synack-error.h"
#include "synack-scenario.h"
#include "synack-scenarios-resources.h"

#define RESOURCE_PATH "/io/github/synack/Synack/scenarios/"

/* Teaching order; a test checks it matches the resource. */
static const char * const builtin_names[] = {
  "handshake-and-close",
  "server-closes-first",
  "connection-refused",
  "lost-syn",
  "lost-syn-ack",
  "lost-final-ack",
  "simultaneous-open",
  "simultaneous-close",
  "half-close",
  "abort-with-rst",
  "challenge-ack",
  "keepalive-dead-peer",
  "keepalive-server",
  "zero-window",
  "fast-retransmit",
  "out-of-order",
  "time-wait-reuse",
};

typedef enum
{
  VERB_LISTEN,
  VERB_CONNECT,
  VERB_SEND,
  VERB_READ,
  VERB_SHUTDOWN,
  VERB_CLOSE,
  VERB_ABORT,
  VERB_CRASH,
  VERB_SPOOF,
} Verb;

static const char * const verb_names[] = {
  "listen", "connect", "send", "read", "shutdown", "close", "abort", "crash", "spoof",
};

enum { CLIENT, SERVER, N_ACTORS };
static const char * const actor_names[] = { "client", "server" };

typedef struct
{
  gint64  time;
  guint   actor;
  Verb    verb;
  guint64 arg;        /* bytes, or the port */
  guint16 from_port;
  guint   backlog;
  guint   line;
  guint8  flags;      /* spoof */
  gint64  offset;     /* spoof: from the actor's SND.NXT */
} Action;

typedef struct
{
  SynackTcbOptions options;
  gboolean         isn_fixed;
  SynackAddress    address;
} Actor;

struct _SynackScenario
{
  gint     ref_count;
  char    *name;
  char    *title;         /* msgid */
  char    *description;   /* msgid */
  char    *category;      /* msgid */
  gboolean title_translatable;
  gboolean description_translatable;
  gboolean category_translatable;
  gint64   delay;
  guint64  bandwidth;
  gint64   limit;
  Actor    actors[N_ACTORS];
  GArray  *actions;       /* Action */
  GArray  *rules;         /* SynackLinkRule */
};

/* ---- tokens ---- */

typedef struct
{
  char    *text;          /* the token, unquoted */
  guint    column;        /* from 1, in characters */
  gboolean quoted;
  gboolean translatable;  /* written _("...") */
} Token;

typedef struct
{
  const char *filename;
  guint       line;
  GError    **error;
} Ctx;

static gboolean
fail (Ctx        *ctx,
      guint       column,
      const char *format,
      ...) G_GNUC_PRINTF (3, 4);

static gboolean
fail (Ctx        *ctx,
      guint       column,
      const char *format,
      ...)
{
  g_autofree char *where = g_strdup_printf ("%s:%u:%u", ctx->filename, ctx->line, column);
  va_list args;

  va_start (args, format);
  g_propagate_error (ctx->error,
                     synack_error_new_at_valist (SYNACK_ERROR_PARSE, where, format, args));
  va_end (args);
  return FALSE;
}

static void
token_clear (gpointer p)
{
  Token *t = p;

  g_free (t->text);
}

static gboolean
read_string (Ctx         *ctx,
             const char  *line,
             const char **p,
             GString     *out)
{
  const char *start = *p;
  const char *q = *p + 1;

  while (*q != '\0' && *q != '"')
    {
      if (*q == '\\' && (q[1] == '"' || q[1] == '\\'))
        {
          g_string_append_c (out, q[1]);
          q += 2;
          continue;
        }
      if (*q == '\\' && q[1] == 'n')
        {
          g_string_append_c (out, '\n');
          q += 2;
          continue;
        }
      g_string_append_c (out, *q);
      q++;
    }
  if (*q != '"')
    return fail (ctx, g_utf8_pointer_to_offset (line, start) + 1,
                 _("unterminated string"));
  *p = q + 1;
  return TRUE;
}

static gboolean
tokenize (Ctx        *ctx,
          const char *line,
          GArray     *tokens)
{
  const char *p = line;

  for (;;)
    {
      Token t = { 0 };
      const char *start;

      while (*p == ' ' || *p == '\t' || *p == '\r')
        p++;
      if (*p == '\0' || *p == '#')
        return TRUE;

      start = p;
      t.column = g_utf8_pointer_to_offset (line, start) + 1;
      if (*p == '"' || g_str_has_prefix (p, "_(\""))
        {
          g_autoptr(GString) s = g_string_new (NULL);
          gboolean wrapped = *p == '_';

          if (wrapped)
            p += 2;
          if (!read_string (ctx, line, &p, s))
            return FALSE;
          if (wrapped)
            {
              if (*p != ')')
                return fail (ctx, t.column, _("“_(” without its closing “)”"));
              p++;
            }
          t.text = g_string_free (g_steal_pointer (&s), FALSE);
          t.quoted = TRUE;
          t.translatable = wrapped;
        }
      else
        {
          while (*p != '\0' && *p != ' ' && *p != '\t' && *p != '\r' && *p != '#')
            p++;
          t.text = g_strndup (start, p - start);
        }
      if (!g_utf8_validate (t.text, -1, NULL))
        {
          g_free (t.text);
          return fail (ctx, t.column, _("text that is not UTF-8"));
        }
      g_array_append_val (tokens, t);
    }
}

/* ---- values ---- */

/* Optimal string alignment distance: edits, with a swap of two neighbours
 * counting as one ("sned" is one step from "send"). */
static guint
edit_distance (const char *a,
               const char *b)
{
  gsize la = strlen (a), lb = strlen (b);
  g_autofree guint *d = g_new (guint, (la + 1) * (lb + 1));

#define D(i, j) d[(i) * (lb + 1) + (j)]
  for (gsize i = 0; i <= la; i++)
    D (i, 0) = i;
  for (gsize j = 0; j <= lb; j++)
    D (0, j) = j;
  for (gsize i = 1; i <= la; i++)
    for (gsize j = 1; j <= lb; j++)
      {
        guint cost = g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 1]) ? 0 : 1;
        guint v = MIN (MIN (D (i - 1, j) + 1, D (i, j - 1) + 1), D (i - 1, j - 1) + cost);

        if (i > 1 && j > 1 && g_ascii_tolower (a[i - 1]) == g_ascii_tolower (b[j - 2]) &&
            g_ascii_tolower (a[i - 2]) == g_ascii_tolower (b[j - 1]))
          v = MIN (v, D (i - 2, j - 2) + 1);
        D (i, j) = v;
      }
  return D (la, lb);
#undef D
}

/* The closest of names to word, if close enough to be a typo. */
static const char *
suggest (const char        *word,
         const char * const *names,
         gsize              n_names)
{
  const char *best = NULL;
  guint best_d = G_MAXUINT;

  for (gsize i = 0; i < n_names; i++)
    {
      guint d = edit_distance (word, names[i]);

      if (d < best_d)
        {
          best_d = d;
          best = names[i];
        }
    }
  if (best != NULL && best_d <= MAX (1u, (guint) strlen (best) / 3))
    return best;
  return NULL;
}

static gboolean
unknown_word (Ctx                *ctx,
              const Token        *t,
              const char         *what,
              const char * const *names,
              gsize               n_names)
{
  const char *hint = suggest (t->text, names, n_names);

  if (hint != NULL)
    /* TRANSLATORS: e.g. unknown verb “sned”; did you mean “send”? */
    return fail (ctx, t->column, _("unknown %s “%s”; did you mean “%s”?"), what, t->text, hint);
  return fail (ctx, t->column, _("unknown %s “%s”"), what, t->text);
}

static gboolean
parse_seconds (Ctx         *ctx,
               const Token *t,
               gint64      *ns)
{
  char *end = NULL;
  double v;

  if (t->text[0] == '\0' || t->quoted)
    return fail (ctx, t->column, _("expected a time in seconds, found “%s”"), t->text);
  v = g_ascii_strtod (t->text, &end);
  if (end == t->text || *end != '\0' || !(v >= 0) || v > 1e9)
    return fail (ctx, t->column, _("expected a time in seconds, found “%s”"), t->text);
  *ns = (gint64) (v * 1e9 + 0.5);
  return TRUE;
}

/* A time that must be above zero (at least 1 ns once rounded). */
static gboolean
parse_positive_seconds (Ctx         *ctx,
                        const Token *t,
                        gint64      *ns)
{
  if (!parse_seconds (ctx, t, ns))
    return FALSE;
  if (*ns <= 0)
    return fail (ctx, t->column, _("expected a time above 0 s, found “%s”"), t->text);
  return TRUE;
}

static gboolean
parse_uint (Ctx         *ctx,
            const Token *t,
            guint64      max,
            const char  *what,
            guint64     *out)
{
  guint64 v;
  g_autoptr(GError) error = NULL;

  if (t->quoted ||
      !g_ascii_string_to_unsigned (t->text, 10, 0, max, &v, &error))
    {
      /* base 0 takes 0x...; g_ascii_string_to_unsigned does not, try it */
      if (!t->quoted && (g_str_has_prefix (t->text, "0x") || g_str_has_prefix (t->text, "0X")))
        {
          char *end = NULL;
          guint64 x = g_ascii_strtoull (t->text + 2, &end, 16);

          if (end != t->text + 2 && *end == '\0' && x <= max)
            {
              *out = x;
              return TRUE;
            }
        }
      /* TRANSLATORS: the first %s says what (“a port”, “a byte count”) */
      return fail (ctx, t->column, _("expected %s (0 to %" PRIu64 "), found “%s”"),
                   what, max, t->text);
    }
  *out = v;
  return TRUE;
}

static gboolean
parse_port (Ctx         *ctx,
            const Token *t,
            guint16     *port)
{
  guint64 v;

  if (!parse_uint (ctx, t, 65535, _("a port"), &v))
    return FALSE;
  if (v == 0)
    return fail (ctx, t->column, _("port 0 cannot be used"));
  *port = (guint16) v;
  return TRUE;
}

static gboolean
parse_bool (Ctx         *ctx,
            const Token *t,
            gboolean    *out)
{
  if (g_ascii_strcasecmp (t->text, "on") == 0 || g_ascii_strcasecmp (t->text, "yes") == 0 ||
      g_ascii_strcasecmp (t->text, "true") == 0)
    *out = TRUE;
  else if (g_ascii_strcasecmp (t->text, "off") == 0 || g_ascii_strcasecmp (t->text, "no") == 0 ||
           g_ascii_strcasecmp (t->text, "false") == 0)
    *out = FALSE;
  else
    return fail (ctx, t->column, _("expected on or off, found “%s”"), t->text);
  return TRUE;
}

static gboolean
parse_actor (Ctx         *ctx,
             const Token *t,
             guint       *actor)
{
  for (guint i = 0; i < N_ACTORS; i++)
    if (strcmp (t->text, actor_names[i]) == 0)
      {
        *actor = i;
        return TRUE;
      }
  return unknown_word (ctx, t, _("actor"), actor_names, N_ACTORS);
}

static gboolean
parse_direction (Ctx         *ctx,
                 const Token *t,
                 guint       *direction)
{
  if (strcmp (t->text, "client>server") == 0)
    *direction = 0;
  else if (strcmp (t->text, "server>client") == 0)
    *direction = 1;
  else
    return fail (ctx, t->column,
                 _("expected a direction, client>server or server>client, found “%s”"),
                 t->text);
  return TRUE;
}

/* Check a line has between min and max tokens (after what was used). */
static gboolean
check_count (Ctx        *ctx,
             GArray     *tokens,
             guint       min,
             guint       max,
             guint       end_column,
             const char *usage)
{
  if (tokens->len < min)
    return fail (ctx, end_column, _("missing argument; expected “%s”"), usage);
  if (tokens->len > max)
    {
      const Token *t = &g_array_index (tokens, Token, max);

      return fail (ctx, t->column, _("unexpected “%s”; expected “%s”"), t->text, usage);
    }
  return TRUE;
}

static guint
end_column (const char *line)
{
  gsize n = strlen (line);

  while (n > 0 && (line[n - 1] == ' ' || line[n - 1] == '\t' || line[n - 1] == '\r'))
    n--;
  return g_utf8_pointer_to_offset (line, line + n) + 1;
}

#define TOK(i) (&g_array_index (tokens, Token, (i)))

/* ---- set ---- */

static const char * const global_settings[] = {
  "delay", "bandwidth", "msl", "rto.initial", "rto.min", "rto.max", "limit",
};

static const char * const actor_settings[] = {
  "isn", "mss", "window", "sndbuf", "wscale", "sack", "timestamps", "nagle", "delayed_ack",
  "autoread", "keepalive", "address", "syn_retries", "synack_retries", "data_retries",
  "rto.min", "rto.initial", "rto.max", "msl",
};

static gboolean
parse_actor_setting (SynackScenario *self,
                     Ctx            *ctx,
                     GArray         *tokens,
                     guint           actor,
                     const Token    *key_token,
                     const char     *key,
                     guint           endc)
{
  Actor *a = &self->actors[actor];
  SynackTcbOptions *o = &a->options;
  guint64 v;

  if (strcmp (key, "keepalive") == 0)
    {
      gboolean on;

      if (tokens->len == 3 && parse_bool (ctx, TOK (2), &on) && !on)
        {
          o->keepalive = FALSE;
          return TRUE;
        }
      g_clear_error (ctx->error);
      if (tokens->len == 3 && (g_ascii_strcasecmp (TOK (2)->text, "linux") == 0 ||
                               g_ascii_strcasecmp (TOK (2)->text, "textbook") == 0))
        {
          gboolean textbook = g_ascii_strcasecmp (TOK (2)->text, "textbook") == 0;

          o->keepalive_idle = 7200 * SYNACK_NSEC_PER_SEC;
          o->keepalive_interval = 75 * SYNACK_NSEC_PER_SEC;
          o->keepalive_probes = textbook ? 10 : 9;
          o->keepalive = TRUE;
          return TRUE;
        }
      if (!check_count (ctx, tokens, 5, 5, endc,
                        "set ACTOR.keepalive IDLE INTERVAL COUNT|linux|textbook|off"))
        return FALSE;
      /* zero would probe at one instant for ever */
      if (!parse_positive_seconds (ctx, TOK (2), &o->keepalive_idle) ||
          !parse_positive_seconds (ctx, TOK (3), &o->keepalive_interval) ||
          !parse_uint (ctx, TOK (4), 1000, _("a probe count"), &v))
        return FALSE;
      o->keepalive_probes = v;
      o->keepalive = TRUE;
      return TRUE;
    }

  if (!check_count (ctx, tokens, 3, 3, endc, "set ACTOR.SETTING VALUE"))
    return FALSE;

  if (strcmp (key, "isn") == 0)
    {
      if (!parse_uint (ctx, TOK (2), G_MAXUINT32, _("a sequence number"), &v))
        return FALSE;
      o->isn = v;
      a->isn_fixed = TRUE;
    }
  else if (strcmp (key, "mss") == 0)
    {
      if (!parse_uint (ctx, TOK (2), 65495, _("an MSS"), &v))
        return FALSE;
      if (v < 64)
        return fail (ctx, TOK (2)->column, _("an MSS below 64 bytes is not allowed"));
      o->mss = v;
    }
  else if (strcmp (key, "window") == 0 || strcmp (key, "sndbuf") == 0)
    {
      if (!parse_uint (ctx, TOK (2), 1 << 30, _("a byte count"), &v))
        return FALSE;
      if (strcmp (key, "window") == 0)
        o->rcv_buf = v;
      else
        o->snd_buf = v;
    }
  else if (strcmp (key, "wscale") == 0)
    {
      if (g_ascii_strcasecmp (TOK (2)->text, "off") == 0)
        o->wscale = -1;
      else
        {
          if (!parse_uint (ctx, TOK (2), 14, _("a window-scale shift"), &v))
            return FALSE;
          o->wscale = v;
        }
    }
  else if (strcmp (key, "sack") == 0)
    return parse_bool (ctx, TOK (2), &o->sack);
  else if (strcmp (key, "timestamps") == 0)
    return parse_bool (ctx, TOK (2), &o->timestamps);
  else if (strcmp (key, "nagle") == 0)
    return parse_bool (ctx, TOK (2), &o->nagle);
  else if (strcmp (key, "delayed_ack") == 0)
    return parse_bool (ctx, TOK (2), &o->delayed_ack);
  else if (strcmp (key, "autoread") == 0)
    return parse_bool (ctx, TOK (2), &o->autoread);
  else if (strcmp (key, "address") == 0)
    {
      if (!synack_address_parse (TOK (2)->text, &a->address))
        return fail (ctx, TOK (2)->column, _("“%s” is not an IPv4 or IPv6 address"),
                     TOK (2)->text);
    }
  else if (strcmp (key, "syn_retries") == 0 || strcmp (key, "synack_retries") == 0 ||
           strcmp (key, "data_retries") == 0)
    {
      if (!parse_uint (ctx, TOK (2), 255, _("a retry count"), &v))
        return FALSE;
      if (key[1] == 'y' && key[3] == '_')
        o->syn_retries = v;
      else if (key[0] == 's')
        o->synack_retries = v;
      else
        o->data_retries = v;
    }
  else if (g_str_has_prefix (key, "rto.") || strcmp (key, "msl") == 0)
    {
      gint64 ns;

      if (!parse_seconds (ctx, TOK (2), &ns))
        return FALSE;
      if (strcmp (key, "msl") == 0)
        o->msl = ns;
      else if (strcmp (key, "rto.min") == 0)
        o->rto_min = ns;
      else if (strcmp (key, "rto.initial") == 0)
        o->rto_initial = ns;
      else if (strcmp (key, "rto.max") == 0)
        o->rto_max = ns;
      else
        return unknown_word (ctx, key_token, _("setting"), actor_settings,
                             G_N_ELEMENTS (actor_settings));
    }
  else
    {
      Token sub = *key_token;

      sub.text = (char *) key;
      sub.column = key_token->column + (key - key_token->text);
      return unknown_word (ctx, &sub, _("setting"), actor_settings,
                           G_N_ELEMENTS (actor_settings));
    }
  return TRUE;
}

static gboolean
parse_set (SynackScenario *self,
           Ctx            *ctx,
           GArray         *tokens,
           guint           endc)
{
  const Token *key;
  const char *dot;
  gint64 ns;
  guint64 v;

  if (!check_count (ctx, tokens, 2, 64, endc, "set SETTING VALUE"))
    return FALSE;
  key = TOK (1);
  dot = strchr (key->text, '.');
  if (dot != NULL && !g_str_has_prefix (key->text, "rto."))
    {
      g_autofree char *actor_name = g_strndup (key->text, dot - key->text);
      Token actor_token = *key;
      guint actor;

      actor_token.text = actor_name;
      if (!parse_actor (ctx, &actor_token, &actor))
        return FALSE;
      return parse_actor_setting (self, ctx, tokens, actor, key, dot + 1, endc);
    }

  if (!check_count (ctx, tokens, 3, 3, endc, "set SETTING VALUE"))
    return FALSE;
  if (strcmp (key->text, "bandwidth") == 0)
    {
      if (!parse_uint (ctx, TOK (2), G_GUINT64_CONSTANT (1) << 40, _("bits per second"), &v))
        return FALSE;
      self->bandwidth = v;
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (global_settings); i++)
    if (strcmp (key->text, global_settings[i]) == 0)
      {
        if (strcmp (key->text, "limit") == 0)
          {
            /* a limit of 0 would run nothing and say nothing */
            if (!parse_positive_seconds (ctx, TOK (2), &ns))
              return FALSE;
          }
        else if (!parse_seconds (ctx, TOK (2), &ns))
          return FALSE;
        if (strcmp (key->text, "delay") == 0)
          self->delay = ns;
        else if (strcmp (key->text, "limit") == 0)
          self->limit = ns;
        for (guint a = 0; a < N_ACTORS; a++)
          {
            SynackTcbOptions *o = &self->actors[a].options;

            if (strcmp (key->text, "msl") == 0)
              o->msl = ns;
            else if (strcmp (key->text, "rto.initial") == 0)
              o->rto_initial = ns;
            else if (strcmp (key->text, "rto.min") == 0)
              o->rto_min = ns;
            else if (strcmp (key->text, "rto.max") == 0)
              o->rto_max = ns;
          }
        return TRUE;
      }
  return unknown_word (ctx, key, _("setting"), global_settings, G_N_ELEMENTS (global_settings));
}

/* ---- link rules ---- */

static gboolean
parse_flag (const char *text,
            guint      *flags)
{
  static const struct { const char *name; guint flag; } names[] = {
    { "FIN", SYNACK_FLAG_FIN }, { "SYN", SYNACK_FLAG_SYN }, { "RST", SYNACK_FLAG_RST },
    { "PSH", SYNACK_FLAG_PSH }, { "ACK", SYNACK_FLAG_ACK }, { "URG", SYNACK_FLAG_URG },
    { "ECE", SYNACK_FLAG_ECE }, { "CWR", SYNACK_FLAG_CWR }, { "DATA", SYNACK_LINK_FLAG_DATA },
    { "SYN-ACK", SYNACK_FLAG_SYN | SYNACK_FLAG_ACK },
  };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if (g_ascii_strcasecmp (text, names[i].name) == 0)
      {
        *flags = names[i].flag;
        return TRUE;
      }
  return FALSE;
}

static gboolean
parse_rule (SynackScenario   *self,
            Ctx              *ctx,
            GArray           *tokens,
            SynackLinkAction  action,
            guint             endc)
{
  SynackLinkRule rule = { 0 };
  const char *usage;
  guint64 v;
  guint next = 3;

  switch (action)
    {
    case SYNACK_LINK_LOSE:
      usage = "lose DIR N | lose DIR FLAG [N] | lose DIR from TIME | lose DIR rate P";
      break;
    case SYNACK_LINK_DELAY:
      usage = "delay DIR N SECONDS";
      break;
    case SYNACK_LINK_DUPLICATE:
      usage = "duplicate DIR N | duplicate DIR rate P";
      break;
    default:
      usage = "reorder DIR N | reorder DIR rate P";
      break;
    }

  if (!check_count (ctx, tokens, 3, 5, endc, usage))
    return FALSE;
  rule.action = action;
  if (!parse_direction (ctx, TOK (1), &rule.direction))
    return FALSE;

  if (strcmp (TOK (2)->text, "rate") == 0 && action != SYNACK_LINK_DELAY)
    {
      char *end = NULL;

      if (!check_count (ctx, tokens, 4, 4, endc, usage))
        return FALSE;
      rule.match = SYNACK_LINK_MATCH_RATE;
      rule.rate = g_ascii_strtod (TOK (3)->text, &end);
      if (end == TOK (3)->text || *end != '\0' || !(rule.rate >= 0.0 && rule.rate <= 1.0))
        return fail (ctx, TOK (3)->column, _("expected a probability from 0 to 1, found “%s”"),
                     TOK (3)->text);
      next = 4;
    }
  else if (strcmp (TOK (2)->text, "from") == 0 && action == SYNACK_LINK_LOSE)
    {
      if (!check_count (ctx, tokens, 4, 4, endc, usage))
        return FALSE;
      rule.match = SYNACK_LINK_MATCH_FROM;
      if (!parse_seconds (ctx, TOK (3), &rule.from))
        return FALSE;
      next = 4;
    }
  else if (action == SYNACK_LINK_LOSE && parse_flag (TOK (2)->text, &rule.flags))
    {
      rule.match = SYNACK_LINK_MATCH_FLAG;
      rule.ordinal = 1;
      if (tokens->len > 3)
        {
          if (!parse_uint (ctx, TOK (3), G_MAXUINT32, _("an ordinal"), &v))
            return FALSE;
          if (v == 0)
            return fail (ctx, TOK (3)->column, _("ordinals count from 1"));
          rule.ordinal = v;
          next = 4;
        }
    }
  else
    {
      if (g_ascii_isalpha (TOK (2)->text[0]) && action == SYNACK_LINK_LOSE)
        {
          static const char * const words[] = {
            "SYN", "FIN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "DATA", "from", "rate",
          };
          return unknown_word (ctx, TOK (2), _("flag"), words, G_N_ELEMENTS (words));
        }
      rule.match = SYNACK_LINK_MATCH_ORDINAL;
      if (!parse_uint (ctx, TOK (2), G_MAXUINT32, _("an ordinal"), &v))
        return FALSE;
      if (v == 0)
        return fail (ctx, TOK (2)->column, _("ordinals count from 1"));
      rule.ordinal = v;
    }

  if (action == SYNACK_LINK_DELAY)
    {
      if (!check_count (ctx, tokens, 4, 4, endc, usage))
        return FALSE;
      if (!parse_seconds (ctx, TOK (3), &rule.extra_delay))
        return FALSE;
      next = 4;
    }
  if (!check_count (ctx, tokens, next, next, endc, usage))
    return FALSE;
  g_array_append_val (self->rules, rule);
  return TRUE;
}

/* ---- timed lines ---- */

static gboolean
parse_action (SynackScenario *self,
              Ctx            *ctx,
              GArray         *tokens,
              gint64         *last_time,
              guint           endc)
{
  Action action = { 0 };
  const Token *tt = TOK (0);
  const Token *vt;
  gint64 t;
  guint64 v;
  guint verb;

  if (tt->text[0] == '+')
    {
      Token rel = *tt;

      rel.text = tt->text + 1;
      rel.column++;
      if (!parse_seconds (ctx, &rel, &t))
        return FALSE;
      t += *last_time;
    }
  else
    {
      if (!parse_seconds (ctx, tt, &t))
        return FALSE;
      if (t < *last_time)
        return fail (ctx, tt->column,
                     _("time %s is before the line above (%.3f s); times never go back"),
                     tt->text, *last_time / 1e9);
    }
  *last_time = t;

  if (!check_count (ctx, tokens, 3, 64, endc, "TIME ACTOR VERB"))
    return FALSE;
  if (!parse_actor (ctx, TOK (1), &action.actor))
    return FALSE;
  vt = TOK (2);
  for (verb = 0; verb < G_N_ELEMENTS (verb_names); verb++)
    if (strcmp (vt->text, verb_names[verb]) == 0)
      break;
  if (verb == G_N_ELEMENTS (verb_names))
    return unknown_word (ctx, vt, _("verb"), verb_names, G_N_ELEMENTS (verb_names));

  action.time = t;
  action.verb = verb;
  action.line = ctx->line;

  switch (action.verb)
    {
    case VERB_LISTEN:
      {
        guint16 port;

        if (!check_count (ctx, tokens, 4, 6, endc, "TIME ACTOR listen PORT [backlog N]"))
          return FALSE;
        if (!parse_port (ctx, TOK (3), &port))
          return FALSE;
        action.arg = port;
        action.backlog = 128;
        if (tokens->len > 4)
          {
            if (strcmp (TOK (4)->text, "backlog") != 0)
              return fail (ctx, TOK (4)->column, _("unexpected “%s”; expected “backlog N”"),
                           TOK (4)->text);
            if (!check_count (ctx, tokens, 6, 6, endc, "TIME ACTOR listen PORT [backlog N]"))
              return FALSE;
            if (!parse_uint (ctx, TOK (5), 65535, _("a backlog"), &v))
              return FALSE;
            action.backlog = MAX (v, 1);
          }
        break;
      }

    case VERB_CONNECT:
      {
        const char *usage = "TIME ACTOR connect [PEER] PORT [from PORT]";
        guint i = 3;
        guint16 port;

        if (!check_count (ctx, tokens, 4, 7, endc, usage))
          return FALSE;
        if (g_ascii_isalpha (TOK (3)->text[0]))
          {
            guint peer;

            if (!parse_actor (ctx, TOK (3), &peer))
              return FALSE;
            if (peer == action.actor)
              return fail (ctx, TOK (3)->column, _("an actor cannot connect to itself"));
            i = 4;
          }
        if (!check_count (ctx, tokens, i + 1, i + 3, endc, usage))
          return FALSE;
        if (!parse_port (ctx, TOK (i), &port))
          return FALSE;
        action.arg = port;
        if (tokens->len > i + 1)
          {
            if (strcmp (TOK (i + 1)->text, "from") != 0)
              return fail (ctx, TOK (i + 1)->column, _("unexpected “%s”; expected “from PORT”"),
                           TOK (i + 1)->text);
            if (!check_count (ctx, tokens, i + 3, i + 3, endc, usage))
              return FALSE;
            if (!parse_port (ctx, TOK (i + 2), &action.from_port))
              return FALSE;
          }
        break;
      }

    case VERB_SEND:
    case VERB_READ:
      if (!check_count (ctx, tokens, 4, 4, endc,
                        action.verb == VERB_SEND ? "TIME ACTOR send BYTES" : "TIME ACTOR read BYTES"))
        return FALSE;
      /* 1 GiB: more would only make a long run of a lesson. */
      if (!parse_uint (ctx, TOK (3), G_GUINT64_CONSTANT (1) << 30, _("a byte count"), &action.arg))
        return FALSE;
      break;

    case VERB_SPOOF:
      {
        const char *usage = "TIME ACTOR spoof rst|syn|ack [OFFSET]";

        if (!check_count (ctx, tokens, 4, 5, endc, usage))
          return FALSE;
        if (g_ascii_strcasecmp (TOK (3)->text, "rst") == 0)
          action.flags = SYNACK_FLAG_RST;
        else if (g_ascii_strcasecmp (TOK (3)->text, "syn") == 0)
          action.flags = SYNACK_FLAG_SYN;
        else if (g_ascii_strcasecmp (TOK (3)->text, "ack") == 0)
          action.flags = SYNACK_FLAG_ACK;
        else
          {
            static const char * const kinds[] = { "rst", "syn", "ack" };

            return unknown_word (ctx, TOK (3), _("segment kind"), kinds, G_N_ELEMENTS (kinds));
          }
        if (tokens->len > 4)
          {
            gint64 off;
            g_autoptr(GError) local = NULL;

            if (!g_ascii_string_to_signed (TOK (4)->text[0] == '+' ? TOK (4)->text + 1 : TOK (4)->text,
                                           10, -(G_GINT64_CONSTANT (1) << 31),
                                           (G_GINT64_CONSTANT (1) << 31) - 1, &off, &local))
              return fail (ctx, TOK (4)->column, _("expected a sequence offset, found “%s”"),
                           TOK (4)->text);
            action.offset = off;
          }
        break;
      }

    default:
      {
        g_autofree char *usage = g_strdup_printf ("TIME ACTOR %s", verb_names[action.verb]);

        if (!check_count (ctx, tokens, 3, 3, endc, usage))
          return FALSE;
        break;
      }
    }

  g_array_append_val (self->actions, action);
  return TRUE;
}

static const char * const directives[] = {
  "title", "describe", "category", "set", "lose", "delay", "duplicate", "reorder",
};

static gboolean
parse_line (SynackScenario *self,
            Ctx            *ctx,
            const char     *line,
            gint64         *last_time)
{
  g_autoptr(GArray) tokens = g_array_new (FALSE, TRUE, sizeof (Token));
  const Token *first;
  guint endc = end_column (line);

  g_array_set_clear_func (tokens, token_clear);
  if (!tokenize (ctx, line, tokens))
    return FALSE;
  if (tokens->len == 0)
    return TRUE;
  first = TOK (0);

  if (first->text[0] == '+' || g_ascii_isdigit (first->text[0]) || first->text[0] == '.')
    return parse_action (self, ctx, tokens, last_time, endc);

  if (strcmp (first->text, "title") == 0 || strcmp (first->text, "describe") == 0 ||
      strcmp (first->text, "category") == 0)
    {
      g_autofree char *usage = g_strdup_printf ("%s \"TEXT\"", first->text);

      if (!check_count (ctx, tokens, 2, 2, endc, usage))
        return FALSE;
      if (!TOK (1)->quoted)
        return fail (ctx, TOK (1)->column, _("expected a quoted string, found “%s”"),
                     TOK (1)->text);
      if (first->text[0] == 't')
        {
          g_free (self->title);
          self->title = g_strdup (TOK (1)->text);
          self->title_translatable = TOK (1)->translatable;
        }
      else if (first->text[0] == 'c')
        {
          g_free (self->category);
          self->category = g_strdup (TOK (1)->text);
          self->category_translatable = TOK (1)->translatable;
        }
      else
        {
          char *joined = self->description
            ? g_strconcat (self->description, "\n", TOK (1)->text, NULL)
            : g_strdup (TOK (1)->text);

          /* Joined lines are translated line by line at display time. */
          g_free (self->description);
          self->description = joined;
          self->description_translatable = TOK (1)->translatable;
        }
      return TRUE;
    }
  if (strcmp (first->text, "set") == 0)
    return parse_set (self, ctx, tokens, endc);
  if (strcmp (first->text, "lose") == 0)
    return parse_rule (self, ctx, tokens, SYNACK_LINK_LOSE, endc);
  if (strcmp (first->text, "delay") == 0)
    return parse_rule (self, ctx, tokens, SYNACK_LINK_DELAY, endc);
  if (strcmp (first->text, "duplicate") == 0)
    return parse_rule (self, ctx, tokens, SYNACK_LINK_DUPLICATE, endc);
  if (strcmp (first->text, "reorder") == 0)
    return parse_rule (self, ctx, tokens, SYNACK_LINK_REORDER, endc);

  /* "client send 100" with the time forgotten */
  for (guint i = 0; i < N_ACTORS; i++)
    if (strcmp (first->text, actor_names[i]) == 0)
      return fail (ctx, first->column, _("a line for %s needs a time first (“0.5 %s …”)"),
                   first->text, first->text);
  {
    g_autofree char *lower = g_ascii_strdown (first->text, -1);
    const char *hint = suggest (lower, directives, G_N_ELEMENTS (directives));

    if (hint == NULL)
      hint = suggest (lower, verb_names, G_N_ELEMENTS (verb_names));
    if (hint != NULL)
      return fail (ctx, first->column, _("unknown word “%s”; did you mean “%s”?"),
                   first->text, hint);
    return fail (ctx, first->column,
                 _("unknown word “%s”; a line starts with a time, title, describe, set, "
                   "lose, delay, duplicate or reorder"), first->text);
  }
}

/* ---- scenario objects ---- */

static SynackScenario *
scenario_new (const char *name)
{
  SynackScenario *self = g_new0 (SynackScenario, 1);

  self->ref_count = 1;
  self->name = g_strdup (name);
  self->delay = 10 * G_GINT64_CONSTANT (1000000);
  self->limit = 4 * 3600 * SYNACK_NSEC_PER_SEC;
  for (guint a = 0; a < N_ACTORS; a++)
    {
      synack_tcb_options_init_linux (&self->actors[a].options);
      synack_address_set_ipv4 (&self->actors[a].address, 0x0A000001 + a);
    }
  self->actions = g_array_new (FALSE, TRUE, sizeof (Action));
  self->rules = g_array_new (FALSE, TRUE, sizeof (SynackLinkRule));
  return self;
}

SynackScenario *
synack_scenario_ref (SynackScenario *self)
{
  self->ref_count++;
  return self;
}

void
synack_scenario_unref (SynackScenario *self)
{
  if (--self->ref_count > 0)
    return;
  g_free (self->name);
  g_free (self->title);
  g_free (self->description);
  g_free (self->category);
  g_array_unref (self->actions);
  g_array_unref (self->rules);
  g_free (self);
}

static char *
stem_of (const char *filename)
{
  g_autofree char *base = g_path_get_basename (filename);

  if (g_str_has_suffix (base, ".synack"))
    base[strlen (base) - strlen (".synack")] = '\0';
  return g_steal_pointer (&base);
}

SynackScenario *
synack_scenario_parse (const char  *text,
                       gssize       len,
                       const char  *filename,
                       GError     **error)
{
  g_autoptr(SynackScenario) self = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *stem = NULL;
  Ctx ctx = { filename ? filename : "<scenario>", 0, error };
  gint64 last_time = 0;

  if (len < 0)
    len = strlen (text);
  if (memchr (text, '\0', len) != NULL)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE, _("%s: not a text file"), ctx.filename);
      return NULL;
    }
  copy = g_strndup (text, len);
  if (!g_utf8_validate (copy, -1, NULL))
    {
      const char *bad = NULL;

      g_utf8_validate (copy, -1, &bad);
      ctx.line = 1;
      for (const char *p = copy; p < bad; p++)
        if (*p == '\n')
          ctx.line++;
      fail (&ctx, 1, _("text that is not UTF-8"));
      return NULL;
    }

  stem = stem_of (ctx.filename);
  self = scenario_new (stem);
  lines = g_strsplit (copy, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      ctx.line = i + 1;
      if (!parse_line (self, &ctx, lines[i], &last_time))
        return NULL;
    }

  if (self->actions->len == 0)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE,
                   _("%s: no timed lines; a scenario needs at least one (“0 server listen 80”)"),
                   ctx.filename);
      return NULL;
    }
  if (self->actors[0].address.family != self->actors[1].address.family)
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE,
                   _("%s: the client and the server have addresses of different families"),
                   ctx.filename);
      return NULL;
    }
  if (synack_address_equal (&self->actors[0].address, &self->actors[1].address))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_PARSE,
                   _("%s: the client and the server have the same address"), ctx.filename);
      return NULL;
    }
  return g_steal_pointer (&self);
}

SynackScenario *
synack_scenario_load_file (const char  *path,
                           GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_basename (path);
  gsize len;
  g_autoptr(GError) local = NULL;

  if (!g_file_get_contents (path, &text, &len, &local))
    {
      g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID, "%s", local->message);
      return NULL;
    }
  return synack_scenario_parse (text, len, display, error);
}

GBytes *
synack_scenario_get_builtin_text (const char  *name,
                                  GError     **error)
{
  g_autofree char *path = g_strconcat (RESOURCE_PATH, name, ".synack", NULL);
  GBytes *bytes;

  bytes = g_resource_lookup_data (synack_scenarios_get_resource (), path,
                                  G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    g_set_error (error, SYNACK_ERROR, SYNACK_ERROR_INVALID,
                 _("no built-in scenario is called “%s” (see “synack-cli scenarios”)"), name);
  return bytes;
}

SynackScenario *
synack_scenario_load_builtin (const char  *name,
                              GError     **error)
{
  g_autoptr(GBytes) bytes = synack_scenario_get_builtin_text (name, error);
  g_autofree char *filename = NULL;
  gsize len;
  const char *data;

  if (bytes == NULL)
    return NULL;
  data = g_bytes_get_data (bytes, &len);
  filename = g_strconcat (name, ".synack", NULL);
  return synack_scenario_parse (data, len, filename, error);
}

SynackScenario *
synack_scenario_load (const char  *name_or_path,
                      GError     **error)
{
  if (strchr (name_or_path, '/') == NULL && !g_str_has_suffix (name_or_path, ".synack"))
    return synack_scenario_load_builtin (name_or_path, error);
  return synack_scenario_load_file (name_or_path, error);
}

static int
compare_strings (const void *a,
                 const void *b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

char **
synack_scenario_list_builtin (void)
{
  GStrvBuilder *builder = g_strv_builder_new ();
  g_auto(GStrv) children = NULL;
  char **result;

  for (guint i = 0; i < G_N_ELEMENTS (builtin_names); i++)
    g_strv_builder_add (builder, builtin_names[i]);

  /* Files added to the resource but not to the list above come last. */
  children = g_resource_enumerate_children (synack_scenarios_get_resource (), RESOURCE_PATH,
                                            G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (children != NULL)
    {
      qsort (children, g_strv_length (children), sizeof (char *), compare_strings);
      for (guint i = 0; children[i] != NULL; i++)
        {
          g_autofree char *stem = stem_of (children[i]);
          gboolean known = FALSE;

          for (guint j = 0; j < G_N_ELEMENTS (builtin_names); j++)
            known |= strcmp (stem, builtin_names[j]) == 0;
          if (!known && g_str_has_suffix (children[i], ".synack"))
            g_strv_builder_add (builder, stem);
        }
    }
  result = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);
  return result;
}

const char *
synack_scenario_get_name (SynackScenario *self)
{
  return self->name;
}

const char *
synack_scenario_get_title (SynackScenario *self)
{
  if (self->title == NULL)
    return self->name;
  return self->title_translatable ? g_dgettext (GETTEXT_PACKAGE, self->title) : self->title;
}

const char *
synack_scenario_get_category (SynackScenario *self)
{
  if (self->category == NULL)
    return NULL;
  return self->category_translatable ? g_dgettext (GETTEXT_PACKAGE, self->category)
                                     : self->category;
}

const char *
synack_scenario_get_description (SynackScenario *self)
{
  g_auto(GStrv) lines = NULL;
  g_autoptr(GString) out = NULL;
  const char *interned;

  if (self->description == NULL)
    return "";
  if (!self->description_translatable)
    return self->description;

  /* Each describe line is its own message; the result is interned so the
   * caller need not free it. */
  lines = g_strsplit (self->description, "\n", -1);
  out = g_string_new (NULL);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (i > 0)
        g_string_append_c (out, '\n');
      g_string_append (out, g_dgettext (GETTEXT_PACKAGE, lines[i]));
    }
  interned = g_intern_string (out->str);
  return interned;
}

gint64
synack_scenario_get_limit (SynackScenario *self)
{
  return self->limit;
}

void
synack_scenario_add_rule (SynackScenario       *self,
                          const SynackLinkRule *rule)
{
  g_array_append_val (self->rules, *rule);
}

/* ---- the runner ---- */

typedef struct
{
  SynackScenario *scenario;
  SynackEngine   *engine;
  SynackHost     *host[N_ACTORS];
  SynackSocket   *listener[N_ACTORS];
  SynackSocket   *current[N_ACTORS];   /* connected or latest accepted (a reference) */
  guint64         to_send[N_ACTORS];   /* bytes send() has yet to take */
  guint64         sent[N_ACTORS];      /* stream offset of the next byte */
  guint64         to_read[N_ACTORS];
  gboolean        shutdown_pending[N_ACTORS];
  gboolean        close_pending[N_ACTORS];
  GString        *notes;
  gboolean        stop_noted;   /* the engine's hang guard's reason is in notes */
  guint           next_action;
} Run;

static void
run_note (Run        *run,
          guint       actor,
          const char *format,
          ...) G_GNUC_PRINTF (3, 4);

static void
run_note (Run        *run,
          guint       actor,
          const char *format,
          ...)
{
  va_list args;

  g_autofree char *message = NULL;
  const char *text;
  gsize prefix = strlen (actor_names[actor]);

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* The engine's messages start with the host's name already. */
  text = message;
  if (strncmp (text, actor_names[actor], prefix) == 0 && strncmp (text + prefix, ": ", 2) == 0)
    text += prefix + 2;
  g_string_append_printf (run->notes, "%.6f s %s: %s",
                          synack_engine_now (run->engine) / 1e9, actor_names[actor], text);
  g_string_append_c (run->notes, '\n');
}

static void
run_free (Run *run)
{
  for (guint a = 0; a < N_ACTORS; a++)
    {
      g_clear_pointer (&run->listener[a], synack_socket_unref);
      g_clear_pointer (&run->current[a], synack_socket_unref);
    }
  g_string_free (run->notes, TRUE);
  synack_scenario_unref (run->scenario);
  g_free (run);
}

static guint
actor_of (Run          *run,
          SynackSocket *sock)
{
  return synack_socket_get_host (sock) == run->host[0] ? 0 : 1;
}

/* The bytes of a stream: a pattern the receiver can check. */
static inline guint8
stream_byte (guint64 offset)
{
  return (guint8) ('a' + offset % 26);
}

static void
pump_send (Run   *run,
           guint  actor)
{
  SynackSocket *sock = run->current[actor];
  guint8 chunk[16384];

  while (sock != NULL && run->to_send[actor] > 0)
    {
      gsize n = MIN (run->to_send[actor], sizeof chunk);
      gssize r;

      for (gsize i = 0; i < n; i++)
        chunk[i] = stream_byte (run->sent[actor] + i);
      r = synack_socket_send (sock, chunk, n);
      if (r == -EAGAIN || r == 0)
        return;   /* `writable` resumes */
      if (r < 0)
        {
          run_note (run, actor, _("send failed: %s"), g_strerror (-r));
          run->to_send[actor] = 0;
          break;
        }
      run->to_send[actor] -= r;
      run->sent[actor] += r;
    }
  if (sock != NULL && run->to_send[actor] == 0)
    {
      if (run->shutdown_pending[actor])
        {
          run->shutdown_pending[actor] = FALSE;
          synack_socket_shutdown (sock);
        }
      if (run->close_pending[actor])
        {
          run->close_pending[actor] = FALSE;
          synack_socket_close (sock);
        }
    }
}

static void
pump_read (Run   *run,
           guint  actor)
{
  SynackSocket *sock = run->current[actor];

  while (sock != NULL && run->to_read[actor] > 0)
    {
      gssize r = synack_socket_recv (sock, NULL, MIN (run->to_read[actor], 1 << 20));

      if (r <= 0)
        return;
      run->to_read[actor] -= r;
    }
}

static void
set_current (Run          *run,
             guint         actor,
             SynackSocket *sock)
{
  g_clear_pointer (&run->current[actor], synack_socket_unref);
  run->current[actor] = synack_socket_ref (sock);
  run->sent[actor] = 0;
}

static void on_incoming (SynackSocket *listener, gpointer user_data);
static void on_writable (SynackSocket *sock, gpointer user_data);
static void on_readable (SynackSocket *sock, const guint8 *data, gsize len, gpointer user_data);
static void on_connected (SynackSocket *sock, gpointer user_data);

static const SynackSocketHandler run_handler = {
  .connected = on_connected,
  .incoming = on_incoming,
  .readable = on_readable,
  .writable = on_writable,
};

static void
on_connected (SynackSocket *sock,
              gpointer      user_data)
{
  Run *run = user_data;

  pump_send (run, actor_of (run, sock));
}

static void
on_incoming (SynackSocket *listener,
             gpointer      user_data)
{
  Run *run = user_data;
  guint actor = actor_of (run, listener);
  SynackSocket *sock;

  while ((sock = synack_socket_accept (listener)) != NULL)
    set_current (run, actor, sock);
}

static void
on_writable (SynackSocket *sock,
             gpointer      user_data)
{
  Run *run = user_data;
  guint actor = actor_of (run, sock);

  if (sock == run->current[actor])
    pump_send (run, actor);
}

static void
on_readable (SynackSocket *sock,
             const guint8 *data,
             gsize         len,
             gpointer      user_data)
{
  Run *run = user_data;
  guint actor = actor_of (run, sock);

  if (sock == run->current[actor] && run->to_read[actor] > 0 &&
      !synack_tcb_get_options (synack_socket_get_tcb (sock))->autoread)
    pump_read (run, actor);
}

static void
run_action (SynackEngine *engine,
            gpointer      user_data)
{
  Run *run = user_data;
  const Action *a = &g_array_index (run->scenario->actions, Action, run->next_action++);
  guint actor = a->actor;
  guint peer = 1 - actor;
  SynackSocket *sock = run->current[actor];
  g_autoptr(GError) error = NULL;

  switch (a->verb)
    {
    case VERB_LISTEN:
      {
        SynackSocket *l = synack_host_listen (run->host[actor], a->arg, a->backlog, &error);

        if (l == NULL)
          {
            run_note (run, actor, "%s", error->message);
            break;
          }
        synack_socket_set_handler (l, &run_handler, run);
        g_clear_pointer (&run->listener[actor], synack_socket_unref);
        run->listener[actor] = synack_socket_ref (l);
        break;
      }

    case VERB_CONNECT:
      {
        SynackSocket *s = synack_host_connect (run->host[actor],
                                               synack_host_get_address (run->host[peer]),
                                               a->arg, a->from_port, &error);

        if (s == NULL)
          {
            run_note (run, actor, "%s", error->message);
            break;
          }
        synack_socket_set_handler (s, &run_handler, run);
        set_current (run, actor, s);
        run->to_send[actor] = 0;
        run->shutdown_pending[actor] = run->close_pending[actor] = FALSE;
        break;
      }

    case VERB_SEND:
      if (sock == NULL)
        {
          run_note (run, actor, _("send: no connection"));
          break;
        }
      run->to_send[actor] += a->arg;
      if (synack_socket_get_state (sock) != SYNACK_TCP_SYN_SENT &&
          synack_socket_get_state (sock) != SYNACK_TCP_SYN_RECEIVED)
        pump_send (run, actor);
      break;

    case VERB_READ:
      if (sock == NULL)
        {
          run_note (run, actor, _("read: no connection"));
          break;
        }
      run->to_read[actor] += a->arg;
      pump_read (run, actor);
      break;

    case VERB_SHUTDOWN:
    case VERB_CLOSE:
      if (sock == NULL && a->verb == VERB_CLOSE && run->listener[actor] != NULL)
        {
          synack_socket_close (run->listener[actor]);
          g_clear_pointer (&run->listener[actor], synack_socket_unref);
          break;
        }
      if (sock == NULL)
        {
          run_note (run, actor, _("%s: no connection"), verb_names[a->verb]);
          break;
        }
      /* Like a blocking writer: the FIN goes after every byte asked for. */
      if (run->to_send[actor] > 0)
        {
          if (a->verb == VERB_SHUTDOWN)
            run->shutdown_pending[actor] = TRUE;
          else
            run->close_pending[actor] = TRUE;
          break;
        }
      if (a->verb == VERB_SHUTDOWN)
        synack_socket_shutdown (sock);
      else
        synack_socket_close (sock);
      break;

    case VERB_ABORT:
      if (sock == NULL)
        {
          run_note (run, actor, _("abort: no connection"));
          break;
        }
      run->to_send[actor] = 0;
      synack_socket_abort (sock);
      break;

    case VERB_CRASH:
      synack_host_crash (run->host[actor]);
      break;

    case VERB_SPOOF:
      {
        SynackTcb *tcb = sock != NULL ? synack_socket_get_tcb (sock) : NULL;
        SynackSegment seg = { 0 };
        SynackTcbVars vars;

        if (tcb == NULL)
          {
            run_note (run, actor, _("spoof: no connection to copy the ports from"));
            break;
          }
        synack_tcb_get_vars (tcb, &vars);
        seg.sport = synack_socket_get_local_port (sock);
        seg.dport = synack_socket_get_remote_port (sock);
        seg.seq = vars.snd_nxt + (guint32) a->offset;
        seg.flags = a->flags;
        if (a->flags == SYNACK_FLAG_ACK)
          seg.ack = vars.rcv_nxt;
        seg.window = a->flags == SYNACK_FLAG_RST ? 0 : MIN (vars.rcv_wnd, 65535);
        synack_host_inject (run->host[actor], synack_host_get_address (run->host[peer]), &seg, NULL);
        break;
      }

    default:
      g_assert_not_reached ();
    }
}

SynackEngine *
synack_scenario_start (SynackScenario *self,
                       guint64         seed,
                       SynackTrace    *trace,
                       SynackClock    *clock)
{
  g_autoptr(SynackClock) own_clock = NULL;
  SynackEngine *engine;
  SynackLink *link;
  Run *run;

  if (clock == NULL)
    clock = own_clock = synack_clock_new_virtual ();
  if (trace != NULL)
    {
      synack_trace_set_title (trace, synack_scenario_get_title (self));
      synack_trace_set_description (trace, synack_scenario_get_description (self));
    }

  engine = synack_engine_new (clock, trace, seed);
  run = g_new0 (Run, 1);
  run->scenario = synack_scenario_ref (self);
  run->engine = engine;
  run->notes = g_string_new (NULL);
  for (guint a = 0; a < N_ACTORS; a++)
    {
      run->host[a] = synack_engine_add_host (engine, actor_names[a], &self->actors[a].address);
      *synack_host_get_options (run->host[a]) = self->actors[a].options;
      /* The default MSS fits IPv4 in 1500 bytes; IPv6 headers take 20 more. */
      if (self->actors[a].address.family == 6 && self->actors[a].options.mss == 1460)
        synack_host_get_options (run->host[a])->mss = 1440;
      synack_host_set_fixed_isn (run->host[a], self->actors[a].isn_fixed,
                                 self->actors[a].options.isn);
    }
  link = synack_engine_connect_hosts (engine, run->host[CLIENT], run->host[SERVER]);
  synack_link_set_delay (link, self->delay);
  synack_link_set_bandwidth (link, self->bandwidth);
  for (guint i = 0; i < self->rules->len; i++)
    synack_link_add_rule (link, &g_array_index (self->rules, SynackLinkRule, i));

  /* Actions are alarms in line order; equal times keep that order. Those
   * after the limit never run: say so once, with the first of them. */
  for (guint i = 0; i < self->actions->len; i++)
    {
      const Action *a = &g_array_index (self->actions, Action, i);

      if (a->time > self->limit)
        {
          guint n = self->actions->len - i;

          if (n == 1)
            g_string_append_printf (run->notes,
                                    _("%.6f s %s: line %u comes after the time limit (%.6f s) "
                                      "and is not run"),
                                    a->time / 1e9, actor_names[a->actor], a->line,
                                    self->limit / 1e9);
          else
            g_string_append_printf (run->notes,
                                    ngettext ("%.6f s %s: line %u and %u later line come after "
                                              "the time limit (%.6f s) and are not run",
                                              "%.6f s %s: line %u and %u later lines come after "
                                              "the time limit (%.6f s) and are not run", n - 1),
                                    a->time / 1e9, actor_names[a->actor], a->line, n - 1,
                                    self->limit / 1e9);
          g_string_append_c (run->notes, '\n');
          break;
        }
      synack_engine_add_alarm (engine, a->time, run_action, run);
    }
  g_object_set_data_full (G_OBJECT (engine), "synack-scenario-run", run,
                          (GDestroyNotify) run_free);
  return engine;
}

const char *
synack_scenario_get_run_notes (SynackEngine *engine)
{
  Run *run = g_object_get_data (G_OBJECT (engine), "synack-scenario-run");
  const GError *stopped = synack_engine_get_stopped (engine);

  /* the hang guard's reason comes last, once */
  if (run != NULL && stopped != NULL && !run->stop_noted)
    {
      g_string_append_printf (run->notes, "%s\n", stopped->message);
      run->stop_noted = TRUE;
    }
  if (run == NULL || run->notes->len == 0)
    return NULL;
  return run->notes->str;
}

SynackTrace *
synack_scenario_run (SynackScenario  *self,
                     guint64          seed,
                     char           **notes)
{
  g_autoptr(SynackTrace) trace = synack_trace_new (SYNACK_TRACE_SOURCE_ENGINE);
  g_autoptr(SynackEngine) engine = synack_scenario_start (self, seed, trace, NULL);

  synack_engine_run_until (engine, self->limit);
  synack_engine_finish_trace (engine);
  if (notes != NULL)
    *notes = g_strdup (synack_scenario_get_run_notes (engine));
  return g_steal_pointer (&trace);
}
