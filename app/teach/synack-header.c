/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <pango/pangocairo.h>

#include "synack-header.h"
#include "synack-notation.h"
#include "synack-wire.h"

typedef struct
{
  guint8  bytes[60];
  guint   hlen;          /* header length in bytes (data offset x 4) */
  gboolean have_sum;     /* the checksum is known (no payload the trace lacks) */
  SynackSegment seg;
} Header;

static void
header_get (SynackTrace *trace,
            guint        index,
            Header      *h)
{
  SynackEvent ev;
  const SynackConnection *c;
  guint e;
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *zeros = NULL;
  gsize n;

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);
  e = ev.endpoint & 1;

  memset (h, 0, sizeof *h);
  synack_trace_get_segment (trace, index, &h->seg);
  /* the payload is not kept: encode over zeros, and do not show that sum */
  zeros = g_malloc0 (MAX (h->seg.payload_len, 1));
  {
    guint8 buf[60 + 65536];

    n = synack_wire_encode_tcp (&c->addr[e], &c->addr[1 - e], &h->seg, zeros, buf,
                                MIN (sizeof buf, 60 + (gsize) h->seg.payload_len), &error);
    if (n >= 20)
      {
        h->hlen = (buf[12] >> 4) * 4;
        memcpy (h->bytes, buf, MIN (h->hlen, sizeof h->bytes));
      }
  }
  if (h->hlen < 20)
    {
      h->hlen = 20;
      h->bytes[12] = 5 << 4;
    }
  h->have_sum = h->seg.payload_len == 0 && c->addr[e].family != 0;
}

static char *
number_text (SynackTrace   *trace,
             guint          index,
             guint          endpoint,
             guint32        value,
             SynackSeqMode  mode)
{
  SynackEvent ev;
  const SynackConnection *c;

  synack_trace_read_event (trace, index, &ev);
  c = synack_trace_get_connection (trace, ev.conn);

  if (mode == SYNACK_SEQ_TEXTBOOK)
    {
      char name[SYNACK_NOTATION_LEN];

      synack_notation_name (trace, ev.conn, endpoint, value, ev.time, name, sizeof name);
      return g_strdup_printf ("%u (%s)", value, name);
    }
  if (mode == SYNACK_SEQ_RELATIVE &&
      (c->flags & (SYNACK_CONNECTION_HAVE_ISN_0 << endpoint)))
    return g_strdup_printf (_("%u (relative %u)"), value, value - c->isn[endpoint]);
  return g_strdup_printf ("%u", value);
}

static char *
options_text (const SynackSegment *seg)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (seg->options & SYNACK_OPTION_MSS)
    g_ptr_array_add (parts, g_strdup_printf ("MSS %u", seg->mss));
  if (seg->options & SYNACK_OPTION_WSCALE)
    g_ptr_array_add (parts, g_strdup_printf (_("window scale %u"), seg->wscale));
  if (seg->options & SYNACK_OPTION_SACK_PERM)
    g_ptr_array_add (parts, g_strdup (_("SACK permitted")));
  if (seg->options & SYNACK_OPTION_SACK)
    for (guint i = 0; i < seg->n_sack; i++)
      g_ptr_array_add (parts, g_strdup_printf ("SACK %u-%u", seg->sack[i].left, seg->sack[i].right));
  if (seg->options & SYNACK_OPTION_TIMESTAMP)
    g_ptr_array_add (parts, g_strdup_printf (_("timestamps %u/%u"), seg->ts_val, seg->ts_ecr));
  g_ptr_array_add (parts, NULL);
  return g_strjoinv (C_("list separator", ", "), (char **) parts->pdata);
}

/* the control bits from the high one down, as RFC 9293 draws them */
static const char *const flag_names[8] = { "CWR", "ECE", "URG", "ACK", "PSH", "RST", "SYN", "FIN" };

char *
synack_header_describe (SynackTrace   *trace,
                        guint          index,
                        SynackSeqMode  mode)
{
  SynackEvent ev;
  guint e;
  GString *s;
  Header h;
  g_autofree char *seq = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *opts = NULL;

  synack_trace_read_event (trace, index, &ev);
  e = ev.endpoint & 1;
  s = g_string_new (NULL);

  header_get (trace, index, &h);
  seq = number_text (trace, index, e, h.seg.seq, mode);
  ack = (h.seg.flags & SYNACK_FLAG_ACK) ? number_text (trace, index, 1 - e, h.seg.ack, mode)
                                         : g_strdup_printf (_("%u (not used: ACK=0)"), h.seg.ack);
  opts = options_text (&h.seg);
  g_string_append_printf (s, _("Source port: %u\n"), h.seg.sport);
  g_string_append_printf (s, _("Destination port: %u\n"), h.seg.dport);
  g_string_append_printf (s, _("Sequence number: %s\n"), seq);
  g_string_append_printf (s, _("Acknowledgement number: %s\n"), ack);
  g_string_append_printf (s, _("Data offset: %u (%u bytes)\n"), h.hlen / 4, h.hlen);
  for (guint i = 0; i < 8; i++)
    g_string_append_printf (s, "%s=%u%s", flag_names[i], (h.seg.flags >> (7 - i)) & 1,
                            i < 7 ? " " : "\n");
  g_string_append_printf (s, _("Window: %u\n"), h.seg.window);
  if (h.have_sum)
    g_string_append_printf (s, _("Checksum: 0x%04x\n"), (h.bytes[16] << 8) | h.bytes[17]);
  else
    g_string_append (s, _("Checksum: covers the data, which the trace does not keep\n"));
  g_string_append_printf (s, _("Urgent pointer: %u\n"), h.seg.urgent);
  g_string_append_printf (s, _("Options: %s"), opts[0] ? opts : _("none"));
  return g_string_free (s, FALSE);
}

static void
cell (cairo_t           *cr,
      PangoLayout       *layout,
      const SynackTheme *theme,
      double             x,
      double             y,
      double             w,
      double             h,
      const char        *name,
      const char        *value,
      gboolean           hot,
      gboolean           narrow)
{
  g_autofree char *markup = NULL;
  g_autofree char *n = g_markup_escape_text (name, -1);
  g_autofree char *v = g_markup_escape_text (value, -1);
  PangoRectangle ink, logical;

  if (cr == NULL)
    return;
  if (hot)
    {
      synack_theme_set_source (cr, &theme->selection);
      cairo_rectangle (cr, x, y, w, h);
      cairo_fill (cr);
    }
  synack_theme_set_source (cr, &theme->foreground);
  cairo_set_line_width (cr, 1);
  cairo_rectangle (cr, x + 0.5, y + 0.5, w, h);
  cairo_stroke (cr);
  /* a one-bit cell: the flag's name small, so that SYN fits in a bit */
  markup = g_strdup_printf (narrow ? "<span size='x-small'>%s</span>\n<b>%s</b>"
                                   : "<span size='smaller'>%s</span>\n<b>%s</b>", n, v);
  pango_layout_set_markup (layout, markup, -1);
  pango_layout_set_width (layout, narrow ? -1 : (int) ((w - 4) * PANGO_SCALE));
  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  pango_layout_set_ellipsize (layout, narrow ? PANGO_ELLIPSIZE_NONE : PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_extents (layout, &ink, &logical);
  cairo_move_to (cr, narrow ? x + (w - logical.width) / 2 : x + 2, y + (h - logical.height) / 2);
  pango_cairo_show_layout (cr, layout);
}

double
synack_header_paint (cairo_t           *cr,
                     SynackTrace       *trace,
                     guint              index,
                     double             width,
                     const SynackTheme *theme,
                     SynackSeqMode      mode)
{
  SynackEvent ev;
  guint e;
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoFontMap) own_map = NULL;
  PangoContext *context;
  PangoFontDescription *font;
  Header h;
  double bit = width / 32;

  synack_trace_read_event (trace, index, &ev);
  e = ev.endpoint & 1;
  double ruler = 12, row;
  double y;
  g_autofree char *seq = NULL;
  g_autofree char *ack = NULL;
  g_autofree char *opts = NULL;
  char buf[64];

  g_return_val_if_fail (ev.kind == SYNACK_EVENT_SEGMENT, 0);
  header_get (trace, index, &h);

  if (cr != NULL)
    layout = pango_cairo_create_layout (cr);
  else
    {
      own_map = pango_cairo_font_map_new ();
      context = pango_font_map_create_context (own_map);
      layout = pango_layout_new (context);
      g_object_unref (context);
    }
  font = pango_font_description_from_string (theme->font_family);
  pango_font_description_set_absolute_size (font, MAX (7, MIN (11, bit * 0.62)) * PANGO_SCALE);
  pango_layout_set_font_description (layout, font);
  pango_font_description_free (font);
  row = MAX (7, MIN (11, bit * 0.62)) * 3.2;

  seq = number_text (trace, index, e, h.seg.seq, mode);
  /* with ACK=0 the field means nothing (the seed: ACK=0时，确认号无效) */
  ack = (h.seg.flags & SYNACK_FLAG_ACK) ? number_text (trace, index, 1 - e, h.seg.ack, mode)
                                         : g_strdup_printf (_("%u (not used: ACK=0)"), h.seg.ack);
  opts = options_text (&h.seg);

  /* the bit ruler: 0 8 16 24 31 */
  if (cr != NULL)
    {
      synack_theme_set_source (cr, &theme->muted);
      for (guint b = 0; b < 32; b += 8)
        {
          g_snprintf (buf, sizeof buf, "%u", b);
          pango_layout_set_width (layout, -1);
          pango_layout_set_text (layout, buf, -1);
          cairo_move_to (cr, b * bit + 2, 0);
          pango_cairo_show_layout (cr, layout);
        }
      pango_layout_set_text (layout, "31", -1);
      cairo_move_to (cr, width - bit + 2, 0);
      pango_cairo_show_layout (cr, layout);
    }
  y = ruler + 4;

  g_snprintf (buf, sizeof buf, "%u", h.seg.sport);
  cell (cr, layout, theme, 0, y, 16 * bit, row, _("Source port"), buf, FALSE, FALSE);
  g_snprintf (buf, sizeof buf, "%u", h.seg.dport);
  cell (cr, layout, theme, 16 * bit, y, 16 * bit, row, _("Destination port"), buf, FALSE, FALSE);
  y += row;
  cell (cr, layout, theme, 0, y, 32 * bit, row, _("Sequence number"), seq, FALSE, FALSE);
  y += row;
  cell (cr, layout, theme, 0, y, 32 * bit, row, _("Acknowledgement number"), ack,
        FALSE, FALSE);
  y += row;
  g_snprintf (buf, sizeof buf, "%u", h.hlen / 4);
  cell (cr, layout, theme, 0, y, 4 * bit, row, _("Offset"), buf, FALSE, FALSE);
  cell (cr, layout, theme, 4 * bit, y, 4 * bit, row, _("Reserved"), "0", FALSE, FALSE);
  for (guint i = 0; i < 8; i++)
    {
      guint on = (h.seg.flags >> (7 - i)) & 1;

      g_snprintf (buf, sizeof buf, "%u", on);
      cell (cr, layout, theme, (8 + i) * bit, y, bit, row, flag_names[i], buf, on != 0, TRUE);
    }
  g_snprintf (buf, sizeof buf, "%u", h.seg.window);
  cell (cr, layout, theme, 16 * bit, y, 16 * bit, row, _("Window"), buf, FALSE, FALSE);
  y += row;
  if (h.have_sum)
    g_snprintf (buf, sizeof buf, "0x%04x", (h.bytes[16] << 8) | h.bytes[17]);
  else
    g_strlcpy (buf, _("(over the data)"), sizeof buf);
  cell (cr, layout, theme, 0, y, 16 * bit, row, _("Checksum"), buf, FALSE, FALSE);
  g_snprintf (buf, sizeof buf, "%u", h.seg.urgent);
  cell (cr, layout, theme, 16 * bit, y, 16 * bit, row, _("Urgent pointer"), buf, FALSE, FALSE);
  y += row;
  if (h.hlen > 20)
    {
      g_autofree char *what = g_strdup_printf (ngettext ("Options (%u byte)", "Options (%u bytes)",
                                                         h.hlen - 20), h.hlen - 20);

      cell (cr, layout, theme, 0, y, 32 * bit, row, what, opts, FALSE, FALSE);
      y += row;
    }
  return y + 2;
}
