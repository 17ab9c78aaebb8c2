/* What a token is, on first sight, in C (normcorpus.accel._firstsight).
 *
 * Fed data, not rules: a table of characters (each one's lower-case form, its
 * folded form, its letter and tone as syllables.parse reads them), the
 * syllable tables (onsets, finals, the classes speakers confuse, the keys
 * beside each key) and the aligner's slip look-ups (`align._Slips`, as
 * `_Lookup` packs them). `Describer.describe(token)` gives what
 * `Aligner._describe` gives -- (lower-case form, folded form, the term
 * syllables it may be a typo of, its tally) -- or None for a token with a
 * character the table lacks (the caller then asks the plain rule).
 * tests/test_align_firstsight.py checks it against `Aligner._describe`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define NCHARS 0x2000 /* the table covers Latin (ASCII .. Latin Extended Additional) */
#define MAXLEN 64     /* longer tokens go to the plain rule */
#define NTONES 6
#define NLENGTHS 8

typedef struct {
    Py_UCS4 lower, fold, letter, toneless, rfold; /* rfold: toneless folded */
    uint8_t tone;                       /* 0: none, else the tone's index in tone_names */
    uint8_t known;
} Char;

typedef struct {
    PyObject *index;  /* key -> position (dict) */
    PyObject *values; /* the lists' items in one str */
    PyObject *at;     /* bytes: int64 offsets into values */
    const int64_t *offsets;
    Py_ssize_t size;
} Lookup;

typedef struct {
    Lookup keys[NTONES], own[NTONES], sounds;
    int has_keys[NTONES], has_own[NTONES];
} Slips;

typedef struct {
    PyObject_HEAD
    Char *chars;
    PyObject *tone_names[NTONES];
    int ntones;
    PyObject *onsets, *finals;           /* sets */
    int onset_lengths[NLENGTHS], n_onset_lengths;
    int final_lengths[NLENGTHS], n_final_lengths;
    PyObject *onset_class, *final_class; /* dicts */
    uint8_t beside[128][128];            /* beside[key][other]: the keys touch */
    Slips slips, folded;
    PyObject *folded_of, *spelled_as, *vietnamese;
    PyObject *part_sep, *item_sep; /* "\x1f", "\x1e" */
    PyObject *words; /* a look-up's word -> (onset, rhyme, final, keys): made on first need */
    PyObject *kinds[8]; /* the slips' names (`syllables.SlipKind`), by enum Slip */
} Describer;

enum Slip { NO_SLIP, SWAP, KEY, EXTRA, MISSING, MARKS, DIALECT, CONTEXT };
static const char *SLIP_NAMES[8] = {"", "swap", "key", "extra", "missing", "marks", "dialect",
                                    "context"};

/* ---- look-ups -------------------------------------------------------------- */

static int lookup_init(Lookup *lookup, PyObject *packed)
{
    PyObject *index, *values, *at;
    if (!PyArg_ParseTuple(packed, "O!UO!", &PyDict_Type, &index, &values, &PyBytes_Type, &at))
        return -1;
    Py_ssize_t bytes = PyBytes_GET_SIZE(at);
    if (bytes % 8 || bytes < 8) {
        PyErr_SetString(PyExc_ValueError, "look-up offsets are not int64s");
        return -1;
    }
    Py_INCREF(index);
    Py_INCREF(values);
    Py_INCREF(at);
    lookup->index = index;
    lookup->values = values;
    lookup->at = at;
    lookup->offsets = (const int64_t *)PyBytes_AS_STRING(at);
    lookup->size = bytes / 8 - 1;
    return 0;
}

static void lookup_clear(Lookup *lookup)
{
    Py_CLEAR(lookup->index);
    Py_CLEAR(lookup->values);
    Py_CLEAR(lookup->at);
}

/* The list a key looks up (a new list; empty where the key is not there); NULL on error. */
static PyObject *lookup_get(Describer *d, const Lookup *lookup, PyObject *key)
{
    PyObject *found = PyDict_GetItemWithError(lookup->index, key);
    if (!found)
        return PyErr_Occurred() ? NULL : PyList_New(0);
    Py_ssize_t k = PyLong_AsSsize_t(found);
    if (k == -1 && PyErr_Occurred())
        return NULL;
    if (k < 0 || k >= lookup->size) {
        PyErr_SetString(PyExc_ValueError, "look-up position out of range");
        return NULL;
    }
    int64_t a = lookup->offsets[k], b = lookup->offsets[k + 1];
    if (a == b)
        return PyList_New(0);
    PyObject *value = PyUnicode_Substring(lookup->values, (Py_ssize_t)a, (Py_ssize_t)b);
    if (!value)
        return NULL;
    PyObject *items = PyUnicode_Split(value, d->item_sep, -1);
    Py_DECREF(value);
    return items;
}

/* ---- syllables ------------------------------------------------------------- */

/* A str's characters through the table: lower-cased, or (`only_lower`) as they
 * are where each is already lower-case; their count, -1 where one is not in the
 * table (or is upper-case, or the str is too long), -2 on error. */
static Py_ssize_t table_chars(Describer *d, PyObject *word, Py_UCS4 *out, int only_lower)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "syllables are str");
        return -2;
    }
    if (PyUnicode_READY(word) < 0)
        return -2;
    Py_ssize_t n = PyUnicode_GET_LENGTH(word);
    if (n > MAXLEN)
        return -1;
    int kind = PyUnicode_KIND(word);
    const void *data = PyUnicode_DATA(word);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c >= NCHARS || !d->chars[c].known || (only_lower && d->chars[c].lower != c))
            return -1;
        out[i] = d->chars[c].lower;
    }
    return n;
}

static Py_ssize_t lowered(Describer *d, PyObject *word, Py_UCS4 *out)
{
    return table_chars(d, word, out, 0);
}

static PyObject *str_of(const Py_UCS4 *chars, Py_ssize_t n)
{
    return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, chars, n);
}

/* The letters typed for a syllable (lower-case chars): `syllables.keys`. */
static Py_ssize_t keys_of(Describer *d, const Py_UCS4 *s, Py_ssize_t n, Py_UCS4 *out)
{
    Py_ssize_t m = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 letter = d->chars[s[i]].letter;
        if (letter == 0x111) { /* đ is typed dd */
            out[m++] = 'd';
            out[m++] = 'd';
        } else {
            out[m++] = letter;
        }
    }
    return m;
}

typedef struct {
    PyObject *onset, *rhyme, *final; /* onset and final by class, the rhyme folded */
    int tone;
} Sound;

static void sound_clear(Sound *sound)
{
    Py_CLEAR(sound->onset);
    Py_CLEAR(sound->rhyme);
    Py_CLEAR(sound->final);
}

/* The longest of `lengths` whose piece of `plain` is in `set` (`syllables.parse`);
 * the piece is the prefix (suffix: 0) of plain[from:n], which must stay longer. */
static int part_length(PyObject *set, const int *lengths, int count, const Py_UCS4 *plain,
                       Py_ssize_t from, Py_ssize_t n, int prefix)
{
    for (int j = 0; j < count; j++) {
        int k = lengths[j];
        if (n - from <= k)
            continue;
        PyObject *piece = str_of(prefix ? plain + from : plain + n - k, k);
        if (!piece)
            return -1;
        int in = PySet_Contains(set, piece);
        Py_DECREF(piece);
        if (in < 0)
            return -1;
        if (in)
            return k;
    }
    return 0;
}

static PyObject *by_class(PyObject *classes, PyObject *part)
{
    PyObject *named = PyDict_GetItemWithError(classes, part);
    if (named) {
        Py_INCREF(named);
        Py_DECREF(part);
        return named;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(part);
        return NULL;
    }
    return part;
}

/* `syllables.sound` of a syllable's lower-case chars; -1 on error. */
static int sound_of(Describer *d, const Py_UCS4 *s, Py_ssize_t n, Sound *out)
{
    Py_UCS4 plain[MAXLEN], rhyme[MAXLEN];
    out->onset = out->rhyme = out->final = NULL;
    out->tone = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        const Char *c = &d->chars[s[i]];
        plain[i] = c->letter;
        if (!out->tone && c->tone)
            out->tone = c->tone;
    }
    int onset = part_length(d->onsets, d->onset_lengths, d->n_onset_lengths, plain, 0, n, 1);
    if (onset < 0)
        return -1;
    int final = part_length(d->finals, d->final_lengths, d->n_final_lengths, plain, onset, n, 0);
    if (final < 0)
        return -1;
    for (Py_ssize_t i = onset; i < n - final; i++)
        rhyme[i - onset] = d->chars[s[i]].rfold;
    out->onset = by_class(d->onset_class, str_of(plain, onset));
    out->rhyme = str_of(rhyme, n - final - onset);
    out->final = by_class(d->final_class, str_of(plain + n - final, final));
    if (!out->onset || !out->rhyme || !out->final) {
        sound_clear(out);
        return -1;
    }
    return 0;
}

/* Whether `written` is `intended` with a key too many, beside or the same as a
 * neighbour (`syllables.keystroke(...) == "extra"`). */
static int extra_key(Describer *d, const Py_UCS4 *written, Py_ssize_t m, const Py_UCS4 *intended,
                     Py_ssize_t n)
{
    if (m != n + 1)
        return 0;
    for (Py_ssize_t i = 0; i < m; i++) {
        if (memcmp(written, intended, i * sizeof(Py_UCS4)) ||
            memcmp(written + i + 1, intended + i, (n - i) * sizeof(Py_UCS4)))
            continue;
        Py_UCS4 extra = written[i];
        for (int side = -1; side <= 1; side += 2) {
            Py_ssize_t j = i + side;
            if (j < 0 || j >= m)
                continue;
            Py_UCS4 c = written[j];
            if (extra == c || (extra < 128 && c < 128 && d->beside[c][extra]))
                return 1;
        }
    }
    return 0;
}

/* 1: the word's chars are all in the table (then *n and chars set), 0: not, -1: error. */
static int word_chars(Describer *d, PyObject *word, Py_UCS4 *chars, Py_ssize_t *n)
{
    if (!PyUnicode_Check(word)) {
        PyErr_SetString(PyExc_TypeError, "a look-up holds a non-str");
        return -1;
    }
    Py_ssize_t got = lowered(d, word, chars);
    if (got == -2)
        return -1;
    if (got < 0)
        return 0;
    *n = got;
    return 1;
}

/* A look-up's word as (onset, rhyme, final, keys) (a borrowed reference, kept
 * in d->words); Py_None where a character is not in the table; NULL on error. */
static PyObject *word_parts(Describer *d, PyObject *word)
{
    PyObject *parts = PyDict_GetItemWithError(d->words, word);
    if (parts || PyErr_Occurred())
        return parts;
    Py_UCS4 chars[MAXLEN], keys[2 * MAXLEN];
    Py_ssize_t m;
    int ok = word_chars(d, word, chars, &m);
    if (ok < 0)
        return NULL;
    if (!ok) {
        parts = Py_None;
        Py_INCREF(parts);
    } else {
        Sound sound;
        if (sound_of(d, chars, m, &sound) < 0)
            return NULL;
        PyObject *typed = str_of(keys, keys_of(d, chars, m, keys));
        parts = typed ? PyTuple_Pack(4, sound.onset, sound.rhyme, sound.final, typed) : NULL;
        Py_XDECREF(typed);
        sound_clear(&sound);
        if (!parts)
            return NULL;
    }
    int stored = PyDict_SetItem(d->words, word, parts);
    Py_DECREF(parts); /* the dict holds it */
    return stored < 0 ? NULL : parts;
}

/* `_Slips.of`: the set of syllables `written` (lower-case chars) is one slip
 * from; Py_None (a new reference) where a word met is not in the table. */
static PyObject *slips_of(Describer *d, const Slips *slips, const Py_UCS4 *s, Py_ssize_t n)
{
    Sound sound;
    Py_UCS4 keys[2 * MAXLEN], other[2 * MAXLEN];
    PyObject *found = NULL, *near = NULL, *list = NULL, *key = NULL;
    if (sound_of(d, s, n, &sound) < 0)
        return NULL;
    Py_ssize_t nkeys = keys_of(d, s, n, keys);
    int tone = sound.tone;
    PyObject *parts[4] = {sound.onset, sound.rhyme, sound.final, d->tone_names[tone]};
    PyObject *tuple = PyTuple_New(4);
    if (!tuple)
        goto error;
    for (int k = 0; k < 4; k++) {
        Py_INCREF(parts[k]);
        PyTuple_SET_ITEM(tuple, k, parts[k]);
    }
    key = PyUnicode_Join(d->part_sep, tuple);
    Py_DECREF(tuple);
    if (!key)
        goto error;
    list = lookup_get(d, &slips->sounds, key);
    Py_CLEAR(key);
    if (!list)
        goto error;
    found = PySet_New(list);
    Py_CLEAR(list);
    if (!found)
        goto error;
    if (slips->has_keys[tone]) {
        key = str_of(keys, nkeys);
        if (!key)
            goto error;
        near = lookup_get(d, &slips->keys[tone], key);
        Py_CLEAR(key);
    } else {
        near = PyList_New(0);
    }
    if (!near)
        goto error;
    if (slips->has_own[tone]) {
        for (Py_ssize_t i = 0; i < nkeys; i++) {
            Py_UCS4 less[2 * MAXLEN];
            memcpy(less, keys, i * sizeof(Py_UCS4));
            memcpy(less + i, keys + i + 1, (nkeys - i - 1) * sizeof(Py_UCS4));
            key = str_of(less, nkeys - 1);
            if (!key)
                goto error;
            list = lookup_get(d, &slips->own[tone], key);
            Py_CLEAR(key);
            if (!list)
                goto error;
            for (Py_ssize_t j = 0; j < PyList_GET_SIZE(list); j++) {
                PyObject *word = PyList_GET_ITEM(list, j);
                PyObject *parts = word_parts(d, word);
                if (!parts)
                    goto error;
                if (parts == Py_None)
                    goto unknown;
                PyObject *typed = PyTuple_GET_ITEM(parts, 3);
                Py_ssize_t mkeys = PyUnicode_GET_LENGTH(typed);
                if (mkeys != nkeys - 1)
                    continue; /* not a key too many */
                if (!PyUnicode_AsUCS4(typed, other, 2 * MAXLEN, 0))
                    goto error;
                if (extra_key(d, keys, nkeys, other, mkeys) && PyList_Append(near, word) < 0)
                    goto error;
            }
            Py_CLEAR(list);
        }
    }
    for (Py_ssize_t j = 0; j < PyList_GET_SIZE(near); j++) {
        PyObject *word = PyList_GET_ITEM(near, j);
        PyObject *parts = word_parts(d, word);
        if (!parts)
            goto error;
        if (parts == Py_None)
            goto unknown;
        int off = 0;
        PyObject *mine[3] = {sound.onset, sound.rhyme, sound.final};
        for (int k = 0; k < 3 && off >= 0; k++) {
            int same = PyUnicode_Compare(mine[k], PyTuple_GET_ITEM(parts, k));
            if (same == -1 && PyErr_Occurred())
                off = -1;
            else
                off += same != 0;
        }
        if (off < 0)
            goto error;
        if (off < 2 && PySet_Add(found, word) < 0)
            goto error;
    }
    Py_DECREF(near);
    sound_clear(&sound);
    return found;
unknown:
    Py_XDECREF(list);
    Py_XDECREF(near);
    Py_XDECREF(found);
    sound_clear(&sound);
    Py_RETURN_NONE;
error:
    Py_XDECREF(key);
    Py_XDECREF(list);
    Py_XDECREF(near);
    Py_XDECREF(found);
    sound_clear(&sound);
    return NULL;
}

/* ---- one syllable a slip of another ------------------------------------------ */

static Py_ssize_t lower_chars(Describer *d, PyObject *word, Py_UCS4 *out)
{
    return table_chars(d, word, out, 1);
}

/* `syllables.keystroke` on typed keys: how `w` is `i` with one keystroke gone wrong. */
static enum Slip keystroke(Describer *d, const Py_UCS4 *w, Py_ssize_t m, const Py_UCS4 *i,
                           Py_ssize_t n)
{
    if (m == n) {
        Py_ssize_t wrong[2] = {0, 0};
        int count = 0;
        for (Py_ssize_t k = 0; k < n; k++)
            if (w[k] != i[k]) {
                if (count < 2)
                    wrong[count] = k;
                count++;
            }
        if (count == 1) {
            Py_UCS4 a = w[wrong[0]], b = i[wrong[0]];
            return a < 128 && b < 128 && d->beside[b][a] ? KEY : NO_SLIP;
        }
        if (count == 2 && wrong[1] == wrong[0] + 1 && w[wrong[0]] == i[wrong[1]] &&
            w[wrong[1]] == i[wrong[0]])
            return SWAP;
        return NO_SLIP;
    }
    if (m == n - 1) {
        for (Py_ssize_t k = 0; k < n; k++)
            if (!memcmp(w, i, k * sizeof(Py_UCS4)) &&
                !memcmp(w + k, i + k + 1, (n - k - 1) * sizeof(Py_UCS4)))
                return MISSING;
        return NO_SLIP;
    }
    return extra_key(d, w, m, i, n) ? EXTRA : NO_SLIP;
}

static int first_tone(Describer *d, const Py_UCS4 *s, Py_ssize_t n)
{
    for (Py_ssize_t k = 0; k < n; k++)
        if (d->chars[s[k]].tone)
            return d->chars[s[k]].tone;
    return 0;
}

/* `syllables.slip` of lower-case syllables; -1 on error, -2: a character not in the table. */
static int slip_of(Describer *d, PyObject *written, PyObject *intended, PyObject *neighbours)
{
    Py_UCS4 w[MAXLEN], i[MAXLEN], wk[2 * MAXLEN], ik[2 * MAXLEN], other[MAXLEN];
    Py_ssize_t m = lower_chars(d, written, w), n = lower_chars(d, intended, i);
    if (m == -2 || n == -2)
        return -1;
    if (m < 0 || n < 0)
        return -2;
    if (m == n && !memcmp(w, i, n * sizeof(Py_UCS4)))
        return NO_SLIP;
    int folded_alike = m == n, toneless_alike = m == n, toneless_off = 0;
    for (Py_ssize_t k = 0; k < n && folded_alike; k++) {
        folded_alike = d->chars[w[k]].fold == d->chars[i[k]].fold;
        toneless_off += d->chars[w[k]].toneless != d->chars[i[k]].toneless;
    }
    if (folded_alike) {
        toneless_alike = toneless_off == 0;
        if (toneless_alike)
            return MARKS; /* the tone alone */
        if (first_tone(d, w, m) != first_tone(d, i, n))
            return NO_SLIP;
        return toneless_off == 1 ? MARKS : NO_SLIP;
    }
    Sound mine, meant;
    if (sound_of(d, w, m, &mine) < 0)
        return -1;
    if (sound_of(d, i, n, &meant) < 0) {
        sound_clear(&mine);
        return -1;
    }
    int result = NO_SLIP, wrong = -1, off = 0;
    PyObject *a[3] = {mine.onset, mine.rhyme, mine.final};
    PyObject *b[3] = {meant.onset, meant.rhyme, meant.final};
    if (mine.tone != meant.tone)
        goto done;
    for (int k = 0; k < 3; k++) {
        int same = PyUnicode_Compare(a[k], b[k]);
        if (same == -1 && PyErr_Occurred()) {
            result = -1;
            goto done;
        }
        if (same) {
            off++;
            wrong = k;
        }
    }
    if (off > 1)
        goto done;
    result = keystroke(d, wk, keys_of(d, w, m, wk), ik, keys_of(d, i, n, ik));
    if (result != NO_SLIP)
        goto done;
    if (!off) {
        result = DIALECT;
        goto done;
    }
    /* a part taken from a neighbour (`syllables.beside`) */
    Py_ssize_t count = PyTuple_GET_SIZE(neighbours);
    for (Py_ssize_t j = 0; j < count && result == NO_SLIP; j++) {
        Py_ssize_t k = lower_chars(d, PyTuple_GET_ITEM(neighbours, j), other);
        if (k < 0) {
            result = k == -2 ? -1 : -2;
            break;
        }
        Sound theirs;
        if (sound_of(d, other, k, &theirs) < 0) {
            result = -1;
            break;
        }
        PyObject *parts[3] = {theirs.onset, theirs.rhyme, theirs.final};
        int same = PyUnicode_Compare(parts[wrong], a[wrong]);
        sound_clear(&theirs);
        if (same == -1 && PyErr_Occurred())
            result = -1;
        else if (!same)
            result = CONTEXT;
    }
done:
    sound_clear(&mine);
    sound_clear(&meant);
    return result;
}

/* slip(written, intended, neighbours) -> the slip's name, None, or False: a
 * character not in the table (lower-case syllables; neighbours a tuple). */
static PyObject *Describer_slip(Describer *d, PyObject *args)
{
    PyObject *written, *intended, *neighbours;
    if (!PyArg_ParseTuple(args, "UUO!:slip", &written, &intended, &PyTuple_Type, &neighbours))
        return NULL;
    if (!d->chars) {
        PyErr_SetString(PyExc_RuntimeError, "Describer not initialised");
        return NULL;
    }
    int kind = slip_of(d, written, intended, neighbours);
    if (kind == -1)
        return NULL;
    if (kind == -2)
        Py_RETURN_FALSE;
    if (kind == NO_SLIP)
        Py_RETURN_NONE;
    Py_INCREF(d->kinds[kind]);
    return d->kinds[kind];
}

/* ---- the describer --------------------------------------------------------- */

/* A token's lower-case form as `_key_token` gives it (case and tone placement
 * folded), through the table: its length; -1 where the table lacks a character
 * or a tone `normalize.text` would move; -2 on error. */
static Py_ssize_t key_chars(Describer *d, PyObject *token, Py_UCS4 *lower)
{
    Py_ssize_t n = lowered(d, token, lower);
    if (n < 0)
        return n;
    /* A tone on the second vowel of an open `oa`, `oe`, `uy` not after `q` moves
     * (`normalize.text`): a token so spelled is not in the one spelling, and the
     * caller's rule reads it. */
    if (n >= 2) {
        const Char *c = &d->chars[lower[n - 1]];
        Py_UCS4 vowel = lower[n - 2];
        if (c->tone && (n < 3 || lower[n - 3] != 'q') &&
            ((vowel == 'o' && (c->toneless == 'a' || c->toneless == 'e')) ||
             (vowel == 'u' && c->toneless == 'y')))
            return -1;
    }
    return n;
}

static inline int word_char(Py_UCS4 ch)
{
    return Py_UNICODE_ISALNUM(ch) || ch == '_'; /* `\\w` */
}

/* The key (`key_chars`) of text[a:b] joined by a space to that of text[c:e], as a
 * str; Ellipsis where the table cannot read one; NULL on error. */
static PyObject *key_pair(Describer *d, PyObject *text, Py_ssize_t a, Py_ssize_t b, Py_ssize_t c,
                          Py_ssize_t e)
{
    Py_UCS4 out[2 * MAXLEN + 1];
    Py_ssize_t bounds[2][2] = {{a, b}, {c, e}}, size = 0;
    for (int k = 0; k < 2; k++) {
        if (bounds[k][1] - bounds[k][0] > MAXLEN)
            return Py_NewRef(Py_Ellipsis);
        PyObject *token = PyUnicode_Substring(text, bounds[k][0], bounds[k][1]);
        if (!token)
            return NULL;
        Py_ssize_t n = key_chars(d, token, out + size);
        Py_DECREF(token);
        if (n == -2)
            return NULL;
        if (n < 0)
            return Py_NewRef(Py_Ellipsis);
        size += n;
        if (!k)
            out[size++] = ' ';
    }
    return str_of(out, size);
}

/* 1: `pair` is a word of the lexicon or two syllables side by side in one; 0 not;
 * -1 error. None (no pair) is 0. */
static int edge_pair(PyObject *pair, PyObject *lexicon, PyObject *edges)
{
    if (pair == Py_None)
        return 0;
    int found = PySet_Contains(lexicon, pair);
    return found ? found : PySet_Contains(edges, pair);
}

/* crosses_no_word(text, start, end, lexicon, edges, reach) -> True where
 * `Aligner._cuts_a_word(text, start, end, False)` is False by its first look: no
 * word of `lexicon` (`syllables.words`) or pair of `edges` (`align._edges`) is
 * spelled by a syllable at an edge of text[start:end] (whole tokens) and the one
 * a single space beyond it, within `reach` characters. None: ask the rule. */
static PyObject *Describer_crosses_no_word(Describer *d, PyObject *args)
{
    PyObject *text, *lexicon, *edges;
    Py_ssize_t start, end, reach;
    if (!PyArg_ParseTuple(args, "UnnO!O!n:crosses_no_word", &text, &start, &end,
                          &PyFrozenSet_Type, &lexicon, &PyFrozenSet_Type, &edges, &reach))
        return NULL;
    if (!d->chars) {
        PyErr_SetString(PyExc_RuntimeError, "Describer not initialised");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    if (start < 0 || end > length || start >= end || reach < 0) {
        PyErr_SetString(PyExc_ValueError, "a window out of the text");
        return NULL;
    }
#define AT(i) PyUnicode_READ(kind, data, (i))
    if (!word_char(AT(start)) || !word_char(AT(end - 1)))
        Py_RETURN_NONE;
    Py_ssize_t low = start - reach > 0 ? start - reach : 0;
    Py_ssize_t high = end + reach < length ? end + reach : length;
    /* The window's first and last tokens (`_token_from`, `_token_to`). */
    Py_ssize_t first_end = start, last_start = end;
    while (first_end < length && word_char(AT(first_end)))
        first_end++;
    while (last_start > start && word_char(AT(last_start - 1)))
        last_start--;
    /* The token one space before the window, not cut by `low` (`_spaced_token`). */
    PyObject *left = Py_None, *right = Py_None;
    Py_INCREF(Py_None);
    Py_INCREF(Py_None);
    if (start >= 1 && AT(start - 1) == ' ' && start - 2 >= low && word_char(AT(start - 2))) {
        Py_ssize_t a = start - 2;
        while (a > low && word_char(AT(a - 1)))
            a--;
        if (!(a == low && low > 0 && word_char(AT(low - 1)))) {
            Py_DECREF(left);
            left = key_pair(d, text, a, start - 1, start, first_end);
        }
    }
    /* and the one a space after it, not cut by `high` */
    if (left && end < length && AT(end) == ' ' && end + 1 < high && word_char(AT(end + 1))) {
        Py_ssize_t b = end + 1;
        while (b < high && word_char(AT(b)))
            b++;
        if (!(b == high && high < length && word_char(AT(high)))) {
            Py_DECREF(right);
            right = key_pair(d, text, last_start, end, end + 1, b);
        }
    }
#undef AT
    PyObject *out = NULL;
    if (!left || !right)
        goto done;
    int found = left == Py_Ellipsis || right == Py_Ellipsis; /* (the rule says) */
    if (!found && (found = edge_pair(left, lexicon, edges)) == 0)
        found = edge_pair(right, lexicon, edges);
    if (found < 0)
        goto done;
    out = found ? Py_None : Py_True;
    Py_INCREF(out);
done:
    Py_XDECREF(left);
    Py_XDECREF(right);
    return out;
}

#define MAXTERM 16 /* longer terms go to the plain rule */

/* nothing_loosely(window, lower, folded, without) -> True where
 * `Aligner._read_loosely` reads the window (a term's candidate spelled neither
 * as its tokens nor as its lower-case forms; `lower`, `folded`: the term's
 * syllables) as nothing for certain: more than one syllable off, or the one off
 * by no slip the rule admits there. None: ask the rule (a reading, or a
 * character the table lacks). */
static PyObject *Describer_nothing_loosely(Describer *d, PyObject *args)
{
    PyObject *window, *spelled, *folded;
    int without;
    if (!PyArg_ParseTuple(args, "UO!O!p:nothing_loosely", &window, &PyTuple_Type, &spelled,
                          &PyTuple_Type, &folded, &without))
        return NULL;
    if (!d->chars) {
        PyErr_SetString(PyExc_RuntimeError, "Describer not initialised");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(spelled);
    if (PyTuple_GET_SIZE(folded) != n) {
        PyErr_SetString(PyExc_ValueError, "as many folded syllables as lower-case ones");
        return NULL;
    }
    if (n < 1 || n > MAXTERM)
        Py_RETURN_NONE;
    /* The window's \w+ tokens (`_TOKEN.findall`), n of them. */
    int kind = PyUnicode_KIND(window);
    const void *data = PyUnicode_DATA(window);
    Py_ssize_t length = PyUnicode_GET_LENGTH(window), count = 0;
    Py_ssize_t starts[MAXTERM], ends[MAXTERM];
    for (Py_ssize_t at = 0; at < length;) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, at);
        if (!(Py_UNICODE_ISALNUM(ch) || ch == '_')) {
            at++;
            continue;
        }
        if (count == n)
            Py_RETURN_NONE;
        starts[count] = at;
        while (at < length && (Py_UNICODE_ISALNUM(ch = PyUnicode_READ(kind, data, at)) || ch == '_'))
            at++;
        ends[count++] = at;
    }
    if (count != n)
        Py_RETURN_NONE;
    /* Syllables off (written as the text has it -- folded where the sentence is
     * typed without diacritics -- against the term's), and whether any of them is
     * not the term's syllable without diacritics either. */
    Py_ssize_t off = 0, k = -1;
    int wrong = 0;
    Py_UCS4 lower[MAXLEN], written[MAXLEN], meant[MAXLEN], bare[MAXLEN];
    Py_ssize_t wk = 0;
    Py_UCS4 written_k[MAXLEN];
    for (Py_ssize_t j = 0; j < n; j++) {
        PyObject *token = PyUnicode_Substring(window, starts[j], ends[j]);
        if (!token)
            return NULL;
        Py_ssize_t m = key_chars(d, token, lower);
        Py_DECREF(token);
        if (m == -2)
            return NULL;
        if (m < 0)
            Py_RETURN_NONE;
        for (Py_ssize_t i = 0; i < m; i++)
            written[i] = without ? d->chars[lower[i]].fold : lower[i];
        PyObject *term_word = PyTuple_GET_ITEM(without ? folded : spelled, j);
        Py_ssize_t t = lower_chars(d, term_word, meant);
        Py_ssize_t b = lower_chars(d, PyTuple_GET_ITEM(folded, j), bare);
        if (t == -2 || b == -2)
            return NULL;
        if (t < 0 || b < 0)
            Py_RETURN_NONE;
        if (m == t && !memcmp(written, meant, m * sizeof(Py_UCS4)))
            continue;
        if (!off) {
            k = j;
            wk = m;
            memcpy(written_k, written, m * sizeof(Py_UCS4));
        }
        off++;
        wrong |= !(m == b && !memcmp(lower, bare, m * sizeof(Py_UCS4)));
        /* (the k-th's own letters against its written form, for text typed bare) */
        if (off == 1 && without && memcmp(lower, written, m * sizeof(Py_UCS4)))
            wk = -wk - 1; /* marked: not a slip of the letters */
    }
    if (!wrong)
        Py_RETURN_NONE; /* folded alike: the rule reads it */
    if (off > 1 || wk < 0)
        Py_RETURN_TRUE;
    PyObject *around = PyTuple_New((k > 0) + (k + 1 < n));
    if (!around)
        return NULL;
    Py_ssize_t at = 0;
    PyObject *meant_words = without ? folded : spelled;
    for (Py_ssize_t j = k - 1; j <= k + 1; j += 2)
        if (j >= 0 && j < n) {
            PyObject *word = PyTuple_GET_ITEM(meant_words, j);
            Py_INCREF(word);
            PyTuple_SET_ITEM(around, at++, word);
        }
    PyObject *written_str = str_of(written_k, wk);
    if (!written_str) {
        Py_DECREF(around);
        return NULL;
    }
    int slip = slip_of(d, written_str, PyTuple_GET_ITEM(meant_words, k), around);
    Py_DECREF(written_str);
    Py_DECREF(around);
    if (slip == -1)
        return NULL;
    if (slip == -2)
        Py_RETURN_NONE;
    if (slip == NO_SLIP || (without && slip != SWAP && slip != CONTEXT))
        Py_RETURN_TRUE; /* (`_LETTER_SLIPS`) */
    Py_RETURN_NONE;
}

static PyObject *Describer_describe(Describer *d, PyObject *token)
{
    Py_UCS4 lower[MAXLEN], folded[MAXLEN];
    if (!PyUnicode_Check(token)) {
        PyErr_SetString(PyExc_TypeError, "describe() takes a str");
        return NULL;
    }
    if (!d->chars) {
        PyErr_SetString(PyExc_RuntimeError, "Describer not initialised");
        return NULL;
    }
    Py_ssize_t n = key_chars(d, token, lower);
    if (n == -2)
        return NULL;
    if (n < 0)
        Py_RETURN_NONE;
    int bare = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        folded[i] = d->chars[lower[i]].fold;
        bare &= folded[i] == lower[i];
    }
    PyObject *lower_str = NULL, *folded_str = NULL, *found = NULL, *more = NULL;
    PyObject *typos = NULL, *out = NULL;
    lower_str = str_of(lower, n);
    folded_str = str_of(folded, n);
    if (!lower_str || !folded_str)
        goto done;
    int vietnamese = PySet_Contains(d->vietnamese, folded_str);
    if (vietnamese < 0)
        goto done;
    long tally = !vietnamese ? 0 : bare ? 1 : 2;
    found = slips_of(d, &d->slips, lower, n);
    if (!found)
        goto done;
    if (found == Py_None) {
        out = found;
        found = NULL;
        goto done;
    }
    /* Those not folded alike (`_typo_of`). */
    PyObject *kept = PyList_New(0);
    if (!kept)
        goto done;
    PyObject *iterator = PyObject_GetIter(found), *word;
    if (!iterator) {
        Py_DECREF(kept);
        goto done;
    }
    while ((word = PyIter_Next(iterator))) {
        PyObject *its = PyDict_GetItemWithError(d->folded_of, word);
        int keep = its ? PyUnicode_Compare(its, folded_str) != 0 : -1;
        if (keep > 0 && PyErr_Occurred())
            keep = -1;
        if (keep < 0 || (keep && PyList_Append(kept, word) < 0)) {
            if (!its && !PyErr_Occurred())
                PyErr_SetObject(PyExc_KeyError, word);
            Py_DECREF(word);
            Py_DECREF(iterator);
            Py_DECREF(kept);
            goto done;
        }
        Py_DECREF(word);
    }
    Py_DECREF(iterator);
    if (PyErr_Occurred()) {
        Py_DECREF(kept);
        goto done;
    }
    Py_SETREF(found, PySet_New(kept));
    Py_DECREF(kept);
    if (!found)
        goto done;
    if (bare) { /* typed without diacritics: a slip of the letters */
        more = slips_of(d, &d->folded, lower, n);
        if (!more)
            goto done;
        if (more == Py_None) {
            out = more;
            more = NULL;
            goto done;
        }
        iterator = PyObject_GetIter(more);
        if (!iterator)
            goto done;
        while ((word = PyIter_Next(iterator))) {
            int same = PyUnicode_Compare(word, folded_str);
            if (same == -1 && PyErr_Occurred()) {
                Py_DECREF(word);
                break;
            }
            if (same) {
                PyObject *words = PyDict_GetItemWithError(d->spelled_as, word);
                if (!words) {
                    if (!PyErr_Occurred())
                        PyErr_SetObject(PyExc_KeyError, word);
                    Py_DECREF(word);
                    break;
                }
                PyObject *each = PyObject_GetIter(words), *one;
                if (!each) {
                    Py_DECREF(word);
                    break;
                }
                while ((one = PyIter_Next(each))) {
                    int added = PySet_Add(found, one);
                    Py_DECREF(one);
                    if (added < 0)
                        break;
                }
                Py_DECREF(each);
                if (PyErr_Occurred()) {
                    Py_DECREF(word);
                    break;
                }
            }
            Py_DECREF(word);
        }
        Py_DECREF(iterator);
        if (PyErr_Occurred())
            goto done;
    }
    PyObject *sorted = PySequence_List(found);
    if (!sorted || PyList_Sort(sorted) < 0) {
        Py_XDECREF(sorted);
        goto done;
    }
    typos = PyList_AsTuple(sorted);
    Py_DECREF(sorted);
    if (!typos)
        goto done;
    out = Py_BuildValue("(OOOl)", lower_str, folded_str, typos, tally);
done:
    Py_XDECREF(lower_str);
    Py_XDECREF(folded_str);
    Py_XDECREF(found);
    Py_XDECREF(more);
    Py_XDECREF(typos);
    return out;
}

static int lengths_init(PyObject *seq, int *out, int *count)
{
    PyObject *fast = PySequence_Fast(seq, "lengths must be a sequence");
    if (!fast)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    if (n > NLENGTHS) {
        Py_DECREF(fast);
        PyErr_SetString(PyExc_ValueError, "too many part lengths");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        long k = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));
        if ((k == -1 && PyErr_Occurred()) || k < 0 || k > MAXLEN) {
            Py_DECREF(fast);
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_ValueError, "a part length out of range");
            return -1;
        }
        out[i] = (int)k;
    }
    *count = (int)n;
    Py_DECREF(fast);
    return 0;
}

static int tone_of(Describer *d, PyObject *name)
{
    for (int t = 0; t < d->ntones; t++) {
        int same = PyUnicode_Compare(d->tone_names[t], name);
        if (same == -1 && PyErr_Occurred())
            return -1;
        if (!same)
            return t;
    }
    PyErr_SetString(PyExc_ValueError, "a look-up of an unknown tone");
    return -1;
}

/* (keys by tone: dict tone -> packed, own keys by tone, sounds: packed) */
static int slips_init(Describer *d, Slips *slips, PyObject *tables)
{
    PyObject *keys, *own, *sounds;
    if (!PyArg_ParseTuple(tables, "O!O!O!", &PyDict_Type, &keys, &PyDict_Type, &own, &PyTuple_Type,
                          &sounds))
        return -1;
    PyObject *dicts[2] = {keys, own};
    for (int which = 0; which < 2; which++) {
        Py_ssize_t pos = 0;
        PyObject *name, *packed;
        while (PyDict_Next(dicts[which], &pos, &name, &packed)) {
            int tone = tone_of(d, name);
            if (tone < 0)
                return -1;
            Lookup *lookup = which ? &slips->own[tone] : &slips->keys[tone];
            int *has = which ? &slips->has_own[tone] : &slips->has_keys[tone];
            if (*has) {
                PyErr_SetString(PyExc_ValueError, "a tone's look-up given twice");
                return -1;
            }
            if (lookup_init(lookup, packed) < 0)
                return -1;
            *has = 1;
        }
    }
    return lookup_init(&slips->sounds, sounds);
}

static void slips_clear(Slips *slips)
{
    for (int t = 0; t < NTONES; t++) {
        lookup_clear(&slips->keys[t]);
        lookup_clear(&slips->own[t]);
        slips->has_keys[t] = slips->has_own[t] = 0;
    }
    lookup_clear(&slips->sounds);
}

static int Describer_init(Describer *d, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *chars, *tone_names, *onsets, *onset_lengths, *finals, *final_lengths;
    PyObject *onset_class, *final_class, *beside, *slips, *folded, *folded_of, *spelled_as;
    PyObject *vietnamese;
    if (d->chars) {
        PyErr_SetString(PyExc_RuntimeError, "Describer already initialised");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "O!O!O!OO!OO!O!O!OOO!O!O!", &PyDict_Type, &chars, &PyTuple_Type,
                          &tone_names, &PyFrozenSet_Type, &onsets, &onset_lengths,
                          &PyFrozenSet_Type, &finals, &final_lengths, &PyDict_Type, &onset_class,
                          &PyDict_Type, &final_class, &PyDict_Type, &beside, &slips, &folded,
                          &PyDict_Type, &folded_of, &PyDict_Type, &spelled_as, &PyFrozenSet_Type,
                          &vietnamese))
        return -1;
    Py_ssize_t ntones = PyTuple_GET_SIZE(tone_names);
    if (ntones < 1 || ntones > NTONES) {
        PyErr_SetString(PyExc_ValueError, "one to six tones");
        return -1;
    }
    d->ntones = (int)ntones;
    for (int t = 0; t < d->ntones; t++) {
        PyObject *name = PyTuple_GET_ITEM(tone_names, t);
        if (!PyUnicode_Check(name)) {
            PyErr_SetString(PyExc_TypeError, "tone names are str");
            return -1;
        }
        Py_INCREF(name);
        d->tone_names[t] = name;
    }
    d->chars = PyMem_Calloc(NCHARS, sizeof(Char));
    if (!d->chars) {
        PyErr_NoMemory();
        return -1;
    }
    /* code -> (lower, fold, letter, toneless, rfold, tone) as one-char strs and an int */
    Py_ssize_t pos = 0;
    PyObject *code, *row;
    while (PyDict_Next(chars, &pos, &code, &row)) {
        long c = PyLong_AsLong(code);
        PyObject *parts[5];
        int tone;
        if (c == -1 && PyErr_Occurred())
            return -1;
        if (c < 0 || c >= NCHARS) {
            PyErr_SetString(PyExc_ValueError, "a character outside the table");
            return -1;
        }
        if (!PyArg_ParseTuple(row, "UUUUUi", &parts[0], &parts[1], &parts[2], &parts[3], &parts[4],
                              &tone))
            return -1;
        Py_UCS4 got[5];
        for (int k = 0; k < 5; k++) {
            if (PyUnicode_GET_LENGTH(parts[k]) != 1) {
                PyErr_SetString(PyExc_ValueError, "a table entry is not one character");
                return -1;
            }
            got[k] = PyUnicode_READ_CHAR(parts[k], 0);
        }
        if (tone < 0 || tone >= d->ntones || got[0] >= NCHARS) {
            PyErr_SetString(PyExc_ValueError, "a table entry out of range");
            return -1;
        }
        Char *entry = &d->chars[c];
        entry->lower = got[0];
        entry->fold = got[1];
        entry->letter = got[2];
        entry->toneless = got[3];
        entry->rfold = got[4];
        entry->tone = (uint8_t)tone;
        entry->known = 1;
    }
    for (long c = 0; c < NCHARS; c++) { /* a char's lower-case form is in the table too */
        if (d->chars[c].known && !d->chars[d->chars[c].lower].known) {
            PyErr_SetString(PyExc_ValueError, "a lower-case form missing from the table");
            return -1;
        }
    }
    if (lengths_init(onset_lengths, d->onset_lengths, &d->n_onset_lengths) < 0 ||
        lengths_init(final_lengths, d->final_lengths, &d->n_final_lengths) < 0)
        return -1;
    /* key -> the keys beside it (one-char strs) */
    pos = 0;
    PyObject *key, *near;
    while (PyDict_Next(beside, &pos, &key, &near)) {
        if (!PyUnicode_Check(key) || PyUnicode_GET_LENGTH(key) != 1 ||
            PyUnicode_READ_CHAR(key, 0) >= 128) {
            PyErr_SetString(PyExc_ValueError, "keys beside keys are ASCII characters");
            return -1;
        }
        Py_UCS4 k = PyUnicode_READ_CHAR(key, 0);
        PyObject *iterator = PyObject_GetIter(near), *other;
        if (!iterator)
            return -1;
        while ((other = PyIter_Next(iterator))) {
            int ok = PyUnicode_Check(other) && PyUnicode_GET_LENGTH(other) == 1 &&
                     PyUnicode_READ_CHAR(other, 0) < 128;
            if (ok)
                d->beside[k][PyUnicode_READ_CHAR(other, 0)] = 1;
            Py_DECREF(other);
            if (!ok) {
                Py_DECREF(iterator);
                PyErr_SetString(PyExc_ValueError, "keys beside keys are ASCII characters");
                return -1;
            }
        }
        Py_DECREF(iterator);
        if (PyErr_Occurred())
            return -1;
    }
    PyObject *held[] = {onsets, finals, onset_class, final_class, folded_of, spelled_as, vietnamese};
    PyObject **slots[] = {&d->onsets,    &d->finals,     &d->onset_class, &d->final_class,
                          &d->folded_of, &d->spelled_as, &d->vietnamese};
    for (int k = 0; k < 7; k++) {
        Py_INCREF(held[k]);
        *slots[k] = held[k];
    }
    d->words = PyDict_New();
    if (!d->words)
        return -1;
    for (int k = 1; k < 8; k++)
        if (!(d->kinds[k] = PyUnicode_InternFromString(SLIP_NAMES[k])))
            return -1;
    d->part_sep = PyUnicode_FromString("\x1f");
    d->item_sep = PyUnicode_FromString("\x1e");
    if (!d->part_sep || !d->item_sep)
        return -1;
    if (slips_init(d, &d->slips, slips) < 0 || slips_init(d, &d->folded, folded) < 0)
        return -1;
    return 0;
}

static int Describer_clear(Describer *d)
{
    for (int t = 0; t < NTONES; t++)
        Py_CLEAR(d->tone_names[t]);
    Py_CLEAR(d->onsets);
    Py_CLEAR(d->finals);
    Py_CLEAR(d->onset_class);
    Py_CLEAR(d->final_class);
    Py_CLEAR(d->folded_of);
    Py_CLEAR(d->spelled_as);
    Py_CLEAR(d->vietnamese);
    Py_CLEAR(d->part_sep);
    Py_CLEAR(d->item_sep);
    Py_CLEAR(d->words);
    for (int k = 0; k < 8; k++)
        Py_CLEAR(d->kinds[k]);
    slips_clear(&d->slips);
    slips_clear(&d->folded);
    return 0;
}

static void Describer_dealloc(Describer *d)
{
    Describer_clear(d);
    PyMem_Free(d->chars);
    d->chars = NULL;
    Py_TYPE(d)->tp_free((PyObject *)d);
}

static PyMethodDef Describer_methods[] = {
    {"describe", (PyCFunction)Describer_describe, METH_O,
     "describe(token) -> (lower, folded, typo_of, tally), or None: not in the table"},
    {"crosses_no_word", (PyCFunction)Describer_crosses_no_word, METH_VARARGS,
     "crosses_no_word(text, start, end, lexicon, edges, reach) -> True: no word across an "
     "edge, None: ask"},
    {"nothing_loosely", (PyCFunction)Describer_nothing_loosely, METH_VARARGS,
     "nothing_loosely(window, lower, folded, without) -> True: read as nothing, None: ask"},
    {"slip", (PyCFunction)Describer_slip, METH_VARARGS,
     "slip(written, intended, neighbours) -> syllables.slip's answer, or False: not in the table"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject DescriberType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._firstsight.Describer",
    .tp_basicsize = sizeof(Describer),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Describer_init,
    .tp_dealloc = (destructor)Describer_dealloc,
    .tp_methods = Describer_methods,
    .tp_doc = "What a token is on first sight (see the module's comment).",
};

static struct PyModuleDef firstsight_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "normcorpus.accel._firstsight",
    .m_doc = "What a token is on first sight, in C (normcorpus.accel.firstsight).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__firstsight(void)
{
    if (PyType_Ready(&DescriberType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&firstsight_module);
    if (!module)
        return NULL;
    Py_INCREF(&DescriberType);
    if (PyModule_AddObject(module, "Describer", (PyObject *)&DescriberType) < 0) {
        Py_DECREF(&DescriberType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
