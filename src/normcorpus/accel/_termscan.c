/* Word sequences found in text, in C (normcorpus.accel._termscan): see termscan.py.
 *
 * The caller decides what a word is worth (its key, its lower-case literal
 * and its exact spelling, each as the id of a form some sequence has, or -1:
 * the `word_info` callback, asked once per distinct word) and what each way of
 * writing a sequence needs (`Scanner(...)`'s entries). This module takes a
 * text apart into words (letters and digits, inner apostrophes, one trailing
 * apostrophe: english.WORD), finds each word's ids by its characters, reads
 * the separator between two words (spaces removed, dashes made `-`:
 * normalize.separator), finds every entry written at every word, and per
 * group (concept) keeps the non-overlapping ones: by start, longest, most
 * literal, status, rank. No linguistics lives here;
 * tests/test_english_accel.py checks that it finds what english.py's rule finds.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_ctable.h"

#define WORDS_LIMIT (1 << 18) /* distinct words remembered (then forgotten, all at once) */

/* Separator ids: the glossary's separator cores by index, these two first. */
#define SEP_SPACE 0  /* only spaces: "" */
#define SEP_HYPHEN 1 /* one dash, spaces around it or not: "-" */
#define SEP_OTHER -1 /* a core no term has */

/* What a match of an entry does for its group (`read`): termscan.py's roles. */
#define ROLE_RENDERS 0   /* satisfies its group, and is listed */
#define ROLE_SATISFIES 1 /* satisfies its group, not listed */
#define ROLE_NOTED 2     /* does not satisfy its group; noted where it stands */

typedef struct {
    int32_t concept, ordinal, n, closed, status_rank, rank;
    int32_t at;    /* stems and literals at [at, at + n), separators at [at, at + n - 1) */
    int32_t spell; /* -1: any case; else per word a count, then that many spelling ids */
    int32_t role;  /* ROLE_*: ROLE_RENDERS unless the Scanner was given roles */
} Entry;

/* Per group found by a scan, for `read`: its list of matches and the entries kept. */
typedef struct {
    PyObject *list;         /* borrowed: the dict holds it */
    Py_ssize_t first, count; /* its entries at kept[first .. first + count) */
} Found;

typedef struct {
    int32_t stem, literal, spelling;
} WordIds;

typedef struct {
    int32_t group, ordinal, i, n, score, status_rank, rank, entry;
} Candidate;

typedef struct {
    PyObject_HEAD
    PyObject *word_info; /* callable: word -> (stem id, literal id, spelling id) */
    PyObject *concepts;  /* tuple: concept id by index */
    PyObject *patterns;  /* list: what a match of entry k returns as its pattern */
    PyObject *payload;   /* None, or callable: (concept id, pattern) -> what a match returns */
    char *mapped;        /* per entry: patterns[k] is payload's answer already */
    PyObject *cores;     /* tuple of str: separator core by id */
    Entry *entries;
    Py_ssize_t entry_count;
    int32_t *stems, *literals, *seps, *spellings;
    /* Entries by first stem: first_entries[first_at[s] .. first_at[s + 1]). */
    int32_t *first_at, *first_entries;
    Py_ssize_t stem_count, concept_count;
    /* Per concept, for the scan under way (a stamp says which scan wrote it). */
    uint32_t *stamp, generation;
    int32_t *group; /* -1: not asked for; else its place among the concepts found */
    /* The words seen: their characters -> slot, and per slot the word's ids. */
    TextIndex word_text;
    WordIds *word_ids;
    Py_ssize_t word_count, word_capacity;
    /* A scan's buffers, kept from one scan to the next (one scan at a time):
     * room for `text_room` words, `candidate_room` candidates. */
    Py_ssize_t *bounds;
    WordIds *text_ids;
    int32_t *gaps;
    Candidate *candidates;
    Found *found;
    int32_t *kept;
    Py_ssize_t text_room, candidate_room;
    int initialised, built, busy;
} Scanner;

static inline int is_letter_or_digit(Py_UCS4 ch)
{
    return ch != '_' && is_word(ch);
}

static inline int is_apostrophe(Py_UCS4 ch)
{
    return ch == '\'' || ch == 0x2019;
}

static void forget_words(Scanner *s)
{
    s->word_count = 0;
    text_index_empty(&s->word_text);
}

static int int_of(PyObject *item, int32_t low, int32_t high, int32_t *out, const char *what)
{
    long value = PyLong_AsLong(item);
    if (value == -1 && PyErr_Occurred())
        return -1;
    if (value < low || value >= high) {
        PyErr_Format(PyExc_ValueError, "%s %ld is out of range", what, value);
        return -1;
    }
    *out = (int32_t)value;
    return 0;
}

/* A word not remembered: its ids asked of word_info (and remembered unless
 * another word has its hash). */
static int new_word(Scanner *s, PyObject *text, int kind, const void *data, Py_ssize_t start,
                    Py_ssize_t end, uint64_t key, WordIds *out)
{
    PyObject *word = PyUnicode_Substring(text, start, end);
    if (!word)
        return -1;
    PyObject *ids = PyObject_CallOneArg(s->word_info, word);
    Py_DECREF(word);
    if (!ids)
        return -1;
    if (!PyTuple_Check(ids) || PyTuple_GET_SIZE(ids) != 3) {
        PyErr_SetString(PyExc_TypeError, "word_info must return (stem, literal, spelling) ids");
        goto fail;
    }
    if (int_of(PyTuple_GET_ITEM(ids, 0), -1, (int32_t)s->stem_count, &out->stem, "stem id") < 0 ||
        int_of(PyTuple_GET_ITEM(ids, 1), -1, INT32_MAX, &out->literal, "literal id") < 0 ||
        int_of(PyTuple_GET_ITEM(ids, 2), -1, INT32_MAX, &out->spelling, "spelling id") < 0)
        goto fail;
    Py_DECREF(ids);
    if (s->word_count >= WORDS_LIMIT)
        return 0;
    if (s->word_count == s->word_capacity) {
        Py_ssize_t capacity = s->word_capacity ? 2 * s->word_capacity : 1024;
        WordIds *all = PyMem_Realloc(s->word_ids, capacity * sizeof(WordIds));
        if (!all) {
            PyErr_NoMemory();
            return -1;
        }
        s->word_ids = all;
        s->word_capacity = capacity;
    }
    s->word_ids[s->word_count] = *out;
    int kept = text_index_add(&s->word_text, key, kind, data, start, end, (int32_t)s->word_count);
    if (kept < 0)
        return -1;
    s->word_count += kept;
    return 0;
fail:
    Py_DECREF(ids);
    return -1;
}

/* The ids of the word text[start:end]. */
static inline int word_at(Scanner *s, PyObject *text, int kind, const void *data,
                          Py_ssize_t start, Py_ssize_t end, WordIds *out)
{
    uint64_t key = chars_key(kind, data, start, end);
    int32_t slot = text_index_find(&s->word_text, key, kind, data, start, end);
    if (slot < 0)
        return new_word(s, text, kind, data, start, end, key, out);
    *out = s->word_ids[slot];
    return 0;
}

/* The separator id of text[start:end] (the gap between two words). */
static inline int32_t separator_at(const Scanner *s, int kind, const void *data, Py_ssize_t start,
                            Py_ssize_t end)
{
    if (end - start == 1 && PyUnicode_READ(kind, data, start) == ' ')
        return SEP_SPACE;
    int gap = gap_kind(kind, data, start, end);
    if (gap == GAP_SPACE)
        return SEP_SPACE;
    if (gap == GAP_HYPHEN)
        return SEP_HYPHEN;
    Py_ssize_t marks = 0; /* characters that are not whitespace */
    for (Py_ssize_t k = start; k < end; k++)
        marks += !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, k));
    /* A core some term has, compared character by character (there are few). */
    for (Py_ssize_t id = 2; id < PyTuple_GET_SIZE(s->cores); id++) {
        PyObject *core = PyTuple_GET_ITEM(s->cores, id);
        if (PyUnicode_GET_LENGTH(core) != marks)
            continue;
        int core_kind = PyUnicode_KIND(core);
        const void *core_data = PyUnicode_DATA(core);
        Py_ssize_t j = 0;
        int same = 1;
        for (Py_ssize_t k = start; k < end && same; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            if (Py_UNICODE_ISSPACE(ch))
                continue;
            same = PyUnicode_READ(core_kind, core_data, j++) == (is_dash(ch) ? '-' : ch);
        }
        if (same)
            return (int32_t)id;
    }
    return SEP_OTHER;
}

/* The words of the text (letters and digits, inner apostrophes, one trailing
 * apostrophe): their bounds, ids and the separators between them; -1 on
 * error. Inlined with `kind` a constant, so that reading a character is one load. */
static inline __attribute__((always_inline)) Py_ssize_t
take_words(Scanner *s, PyObject *text, int kind, const void *data, Py_ssize_t length,
           Py_ssize_t *bounds, WordIds *ids, int32_t *gaps)
{
    Py_ssize_t words = 0;
    for (Py_ssize_t k = 0; k < length;) {
        if (!is_letter_or_digit(PyUnicode_READ(kind, data, k))) {
            k++;
            continue;
        }
        Py_ssize_t start = k;
        while (k < length && is_letter_or_digit(PyUnicode_READ(kind, data, k)))
            k++;
        while (k + 1 < length && is_apostrophe(PyUnicode_READ(kind, data, k)) &&
               is_letter_or_digit(PyUnicode_READ(kind, data, k + 1))) {
            k++;
            while (k < length && is_letter_or_digit(PyUnicode_READ(kind, data, k)))
                k++;
        }
        if (k < length && is_apostrophe(PyUnicode_READ(kind, data, k)))
            k++;
        if (word_at(s, text, kind, data, start, k, &ids[words]) < 0)
            return -1;
        if (words)
            gaps[words - 1] = separator_at(s, kind, data, bounds[2 * words - 1], start);
        bounds[2 * words] = start;
        bounds[2 * words + 1] = k;
        words++;
    }
    return words;
}

static inline int separators_fit(int32_t term, int32_t text)
{
    /* A space and a hyphen stand for each other; any other core must be the same. */
    return term == text || (term <= SEP_HYPHEN && text >= 0 && text <= SEP_HYPHEN);
}

static int by_choice(const void *a, const void *b)
{
    /* A concept's candidates together; then start, longest, most literal,
     * status, glossary order, way of writing the term. */
    const Candidate *x = a, *y = b;
    if (x->group != y->group)
        return x->group < y->group ? -1 : 1;
    if (x->i != y->i)
        return x->i < y->i ? -1 : 1;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    if (x->status_rank != y->status_rank)
        return x->status_rank < y->status_rank ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return (x->ordinal > y->ordinal) - (x->ordinal < y->ordinal);
}

/* Whether a method may run now; sets the exception when not (word_info runs
 * Python code in the middle of a scan: a nested call is refused). */
static int usable(Scanner *s)
{
    if (!s->built) {
        PyErr_SetString(PyExc_RuntimeError, s->initialised
                                                ? "this Scanner failed to initialise: build a new one"
                                                : "Scanner() was not initialised");
        return 0;
    }
    if (s->busy) {
        PyErr_SetString(PyExc_RuntimeError, "this Scanner is in a scan() call (one at a time)");
        return 0;
    }
    return 1;
}

#define TEXT_ROOM_KEPT 65536 /* a scan's word buffers kept up to this many words */

/* Room in the scan's buffers for `room` words (grown, never shrunk here). */
static int text_buffers(Scanner *s, Py_ssize_t room)
{
    if (room <= s->text_room)
        return 0;
    if (room < 256)
        room = 256;
    Py_ssize_t *bounds = PyMem_Realloc(s->bounds, 2 * room * sizeof(Py_ssize_t));
    if (bounds)
        s->bounds = bounds;
    WordIds *ids = bounds ? PyMem_Realloc(s->text_ids, room * sizeof(WordIds)) : NULL;
    if (ids)
        s->text_ids = ids;
    int32_t *gaps = ids ? PyMem_Realloc(s->gaps, room * sizeof(int32_t)) : NULL;
    if (!gaps) {
        PyErr_NoMemory();
        return -1;
    }
    s->gaps = gaps;
    s->text_room = room;
    return 0;
}

/* Room for `need` candidates, and as many groups found and entries kept. */
static int candidate_buffers(Scanner *s, Py_ssize_t need)
{
    if (need <= s->candidate_room)
        return 0;
    Py_ssize_t room = s->candidate_room ? 2 * s->candidate_room : 16;
    while (room < need)
        room *= 2;
    Candidate *candidates = PyMem_Realloc(s->candidates, room * sizeof(Candidate));
    if (candidates)
        s->candidates = candidates;
    Found *found = candidates ? PyMem_Realloc(s->found, room * sizeof(Found)) : NULL;
    if (found)
        s->found = found;
    int32_t *kept = found ? PyMem_Realloc(s->kept, room * sizeof(int32_t)) : NULL;
    if (!kept) {
        PyErr_NoMemory();
        return -1;
    }
    s->kept = kept;
    s->candidate_room = room;
    return 0;
}

static void free_text_buffers(Scanner *s)
{
    PyMem_Free(s->bounds);
    PyMem_Free(s->text_ids);
    PyMem_Free(s->gaps);
    s->bounds = NULL;
    s->text_ids = NULL;
    s->gaps = NULL;
    s->text_room = 0;
}

/* {concept id: [(start, end, pattern), ...]} of the concepts in `wanted` found
 * in the text; with `found_out` (read), per group found its list and where its
 * entries kept are (the scanner's buffers, good until its next scan). */
static PyObject *scan_text(Scanner *s, PyObject *text, PyObject *wanted, Found **found_out,
                           int32_t **kept_out, Py_ssize_t *groups_out)
{
    if (s->word_count >= WORDS_LIMIT)
        forget_words(s);
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* words: at most one per two characters */
    if (text_buffers(s, length / 2 + 1) < 0 || candidate_buffers(s, 16) < 0)
        return NULL;
    Py_ssize_t *bounds = s->bounds;
    WordIds *ids = s->text_ids;
    int32_t *gaps = s->gaps;
    Candidate *candidates = s->candidates;
    Py_ssize_t candidate_count = 0;
    PyObject *out = NULL;
    Py_ssize_t kept_count = 0, group_count = 0;
    s->busy = 1;

    Py_ssize_t words;
    switch (kind) { /* one copy of the loop per width of character */
    case PyUnicode_1BYTE_KIND:
        words = take_words(s, text, PyUnicode_1BYTE_KIND, data, length, bounds, ids, gaps);
        break;
    case PyUnicode_2BYTE_KIND:
        words = take_words(s, text, PyUnicode_2BYTE_KIND, data, length, bounds, ids, gaps);
        break;
    default:
        words = take_words(s, text, PyUnicode_4BYTE_KIND, data, length, bounds, ids, gaps);
    }
    if (words < 0)
        goto done;

    if (++s->generation == 0) { /* stamps wrapped round: start them again */
        memset(s->stamp, 0, s->concept_count * sizeof(uint32_t));
        s->generation = 1;
    }
    int32_t groups = 0;
    for (Py_ssize_t i = 0; i < words; i++) {
        int32_t stem = ids[i].stem;
        if (stem < 0)
            continue;
        for (int32_t f = s->first_at[stem]; f < s->first_at[stem + 1]; f++) {
            int32_t k = s->first_entries[f];
            const Entry *e = &s->entries[k];
            if (s->stamp[e->concept] != s->generation) {
                int asked = PySequence_Contains(wanted, PyTuple_GET_ITEM(s->concepts, e->concept));
                if (asked < 0)
                    goto done;
                s->stamp[e->concept] = s->generation;
                s->group[e->concept] = asked ? INT32_MAX : -1; /* asked: no place yet */
            }
            if (s->group[e->concept] < 0 || i + e->n > words)
                continue;
            int fits = 1;
            for (int32_t j = 1; j < e->n && fits; j++)
                fits = ids[i + j].stem == s->stems[e->at + j] &&
                       separators_fit(s->seps[e->at + j - 1], gaps[i + j - 1]);
            if (fits && e->spell >= 0) {
                const int32_t *allowed = &s->spellings[e->spell];
                for (int32_t j = 0; j < e->n && fits; j++) {
                    int32_t count = *allowed++, spelling = ids[i + j].spelling, found = 0;
                    for (int32_t c = 0; c < count; c++)
                        found |= allowed[c] == spelling;
                    fits = found && spelling >= 0;
                    allowed += count;
                }
            }
            if (!fits)
                continue;
            if (s->group[e->concept] == INT32_MAX)
                s->group[e->concept] = groups++;
            int32_t score = 0; /* how literally the way of writing spells the text */
            for (int32_t j = 0; j < e->n; j++) {
                score += ids[i + j].literal >= 0 && ids[i + j].literal == s->literals[e->at + j];
                score += j && gaps[i + j - 1] == s->seps[e->at + j - 1];
            }
            if (candidate_count == s->candidate_room) {
                if (candidate_buffers(s, candidate_count + 1) < 0)
                    goto done;
                candidates = s->candidates;
            }
            candidates[candidate_count++] = (Candidate){
                s->group[e->concept], e->ordinal,   (int32_t)i, e->n, 2 * score - e->closed,
                e->status_rank,       e->rank,      k};
        }
    }
    if (candidate_count > 1)
        qsort(candidates, candidate_count, sizeof(Candidate), by_choice);

    /* (at most a group found and an entry kept per candidate: s->found, s->kept) */
    Found *found_groups = found_out ? s->found : NULL;
    int32_t *kept = s->kept;
    /* Per concept, non-overlapping: the first candidate at each place wins. */
    out = PyDict_New();
    if (!out)
        goto done;
    PyObject *list = NULL;
    Py_ssize_t taken_until = -1;
    for (Py_ssize_t c = 0; c < candidate_count; c++) {
        const Candidate *found = &candidates[c];
        if (c == 0 || found->group != candidates[c - 1].group) {
            int32_t concept = s->entries[found->entry].concept;
            list = PyList_New(0);
            if (!list || PyDict_SetItem(out, PyTuple_GET_ITEM(s->concepts, concept), list) < 0) {
                Py_XDECREF(list);
                Py_CLEAR(out);
                goto done;
            }
            Py_DECREF(list); /* the dict holds it */
            taken_until = -1;
            if (found_groups)
                found_groups[group_count++] = (Found){list, kept_count, 0};
        }
        if (found->i <= taken_until)
            continue;
        taken_until = found->i + found->n - 1;
        if (s->payload != Py_None && !s->mapped[found->entry]) {
            /* Asked once an entry, at its first match (TermScanner's `payload`). */
            const Entry *e = &s->entries[found->entry];
            PyObject *value = PyObject_CallFunctionObjArgs(
                s->payload, PyTuple_GET_ITEM(s->concepts, e->concept),
                PyList_GET_ITEM(s->patterns, found->entry), NULL);
            if (!value) {
                Py_CLEAR(out);
                goto done;
            }
            PyList_SetItem(s->patterns, found->entry, value); /* steals value */
            s->mapped[found->entry] = 1;
        }
        PyObject *start = PyLong_FromSsize_t(bounds[2 * found->i]);
        PyObject *end = PyLong_FromSsize_t(bounds[2 * taken_until + 1]);
        PyObject *match = start && end ? PyTuple_Pack(3, start, end,
                                                      PyList_GET_ITEM(s->patterns, found->entry))
                                       : NULL;
        Py_XDECREF(start);
        Py_XDECREF(end);
        if (!match || PyList_Append(list, match) < 0) {
            Py_XDECREF(match);
            Py_CLEAR(out);
            goto done;
        }
        Py_DECREF(match);
        if (found_groups) {
            kept[kept_count++] = found->entry;
            found_groups[group_count - 1].count++;
        }
    }
done:
    s->busy = 0;
    if (s->text_room > TEXT_ROOM_KEPT) /* a long text's buffers are not kept */
        free_text_buffers(s);
    if (found_out && out) {
        *found_out = s->found;
        *kept_out = s->kept;
        *groups_out = group_count;
    }
    return out;
}

/* scan(text, concepts) -> {concept id: [(start, end, pattern), ...]}: the
 * terms of the concepts asked for (a container of concept ids), as
 * EnglishMatcher.locate_all finds them. */
static PyObject *Scanner_scan(Scanner *s, PyObject *args)
{
    PyObject *text, *wanted;
    if (!PyArg_ParseTuple(args, "UO:scan", &text, &wanted))
        return NULL;
    if (!usable(s))
        return NULL;
    return scan_text(s, text, wanted, NULL, NULL, NULL);
}

/* read(text, first) -> (found, listed, unmet, noted): `first` a dict {concept
 * id: (start, end)}; found is scan(text, first); then, going through `first`
 * in its order and each concept's matches in theirs: listed, the pattern of
 * each match whose role is ROLE_RENDERS; unmet, (concept id, start, end) of each
 * concept with no match that satisfies it (ROLE_RENDERS or ROLE_SATISFIES);
 * noted, (concept id, start, end, match start, match end, pattern) of each
 * ROLE_NOTED match. termscan.read_plain is the same in Python. */
static PyObject *Scanner_read(Scanner *s, PyObject *const *args, Py_ssize_t nargs)
{
    /* (METH_FASTCALL: parsing a tuple of arguments cost more than the reading) */
    if (nargs != 2 || !PyUnicode_Check(args[0]) || !PyDict_Check(args[1])) {
        PyErr_SetString(PyExc_TypeError, "read(text: str, first: dict)");
        return NULL;
    }
    PyObject *text = args[0], *first = args[1];
    if (!usable(s))
        return NULL;
    Found *groups = NULL;
    int32_t *kept = NULL;
    Py_ssize_t group_count = 0;
    PyObject *found = scan_text(s, text, first, &groups, &kept, &group_count);
    if (!found)
        return NULL;
    PyObject *listed = PyList_New(0), *unmet = PyList_New(0), *noted = PyList_New(0);
    PyObject *result = NULL;
    if (!listed || !unmet || !noted)
        goto done;
    PyObject *concept, *place;
    Py_ssize_t at = 0;
    while (PyDict_Next(first, &at, &concept, &place)) {
        if (!PyTuple_Check(place) || PyTuple_GET_SIZE(place) != 2) {
            PyErr_SetString(PyExc_TypeError, "read: first maps concept ids to (start, end)");
            goto done;
        }
        if (!PyUnicode_CheckExact(concept)) { /* (a key's __eq__ could change `first`) */
            PyErr_SetString(PyExc_TypeError, "read: first's concept ids must be str");
            goto done;
        }
        PyObject *matches = group_count ? PyDict_GetItemWithError(found, concept) : NULL;
        if (!matches && PyErr_Occurred())
            goto done;
        const Found *group = NULL;
        for (Py_ssize_t g = 0; matches && g < group_count && !group; g++)
            if (groups[g].list == matches)
                group = &groups[g];
        int met = 0;
        for (Py_ssize_t j = 0; group && j < group->count; j++) {
            PyObject *match = PyList_GET_ITEM(matches, j);
            int32_t role = s->entries[kept[group->first + j]].role;
            if (role == ROLE_NOTED) {
                PyObject *item = PyTuple_Pack(6, concept, PyTuple_GET_ITEM(place, 0),
                                              PyTuple_GET_ITEM(place, 1), PyTuple_GET_ITEM(match, 0),
                                              PyTuple_GET_ITEM(match, 1), PyTuple_GET_ITEM(match, 2));
                int failed = !item || PyList_Append(noted, item) < 0;
                Py_XDECREF(item);
                if (failed)
                    goto done;
                continue;
            }
            met = 1;
            if (role == ROLE_RENDERS && PyList_Append(listed, PyTuple_GET_ITEM(match, 2)) < 0)
                goto done;
        }
        if (!met) {
            PyObject *item = PyTuple_Pack(3, concept, PyTuple_GET_ITEM(place, 0),
                                          PyTuple_GET_ITEM(place, 1));
            int failed = !item || PyList_Append(unmet, item) < 0;
            Py_XDECREF(item);
            if (failed)
                goto done;
        }
    }
    PyObject *listed_tuple = PyList_AsTuple(listed), *unmet_tuple = PyList_AsTuple(unmet),
             *noted_tuple = PyList_AsTuple(noted);
    if (listed_tuple && unmet_tuple && noted_tuple)
        result = PyTuple_Pack(4, found, listed_tuple, unmet_tuple, noted_tuple);
    Py_XDECREF(listed_tuple);
    Py_XDECREF(unmet_tuple);
    Py_XDECREF(noted_tuple);
done:
    Py_DECREF(found);
    Py_XDECREF(listed);
    Py_XDECREF(unmet);
    Py_XDECREF(noted);
    return result;
}

static PyObject *Scanner_forget_words(Scanner *s, PyObject *Py_UNUSED(ignored))
{
    if (!usable(s))
        return NULL;
    forget_words(s);
    Py_RETURN_NONE;
}

static PyObject *Scanner_words(Scanner *s, void *Py_UNUSED(closure))
{
    return PyLong_FromSsize_t(s->word_count);
}

/* The int32 items of a tuple (each in [low, high)) appended at ints[*used]. */
static int take_ints(PyObject *tuple, int32_t low, int32_t high, int32_t *ints, Py_ssize_t *used,
                     const char *what)
{
    if (!PyTuple_Check(tuple)) {
        PyErr_Format(PyExc_TypeError, "%s must be a tuple", what);
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(tuple); k++)
        if (int_of(PyTuple_GET_ITEM(tuple, k), low, high, &ints[(*used)++], what) < 0)
            return -1;
    return 0;
}

/* Scanner(word_info, concepts, entries, stem_count, cores[, payload[, roles]]): entries
 * is a list of (concept index, ordinal, pattern, stem ids, literal ids, separator ids,
 *  spelling ids per word or None, hyphens closed, status rank, rank); payload, when
 *  not None, is called (concept id, pattern) at an entry's first match, and what it
 *  gives is what the entry's matches return from then on; roles, when not None, is
 *  each entry's ROLE_* (read). */
static int Scanner_init(Scanner *s, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *word_info, *concepts, *entries, *cores, *payload = Py_None, *roles = Py_None;
    Py_ssize_t stem_count;
    if (s->initialised) {
        PyErr_SetString(PyExc_RuntimeError, "a Scanner is initialised once");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OO!O!nO!|OO:Scanner", &word_info, &PyTuple_Type, &concepts,
                          &PyList_Type, &entries, &stem_count, &PyTuple_Type, &cores, &payload,
                          &roles))
        return -1;
    if (roles != Py_None &&
        (!PyTuple_Check(roles) || PyTuple_GET_SIZE(roles) != PyList_GET_SIZE(entries))) {
        PyErr_SetString(PyExc_TypeError, "roles must be None or a tuple, one an entry");
        return -1;
    }
    if (!PyCallable_Check(word_info) || (payload != Py_None && !PyCallable_Check(payload))) {
        PyErr_SetString(PyExc_TypeError, "word_info (and payload, unless None) must be callable");
        return -1;
    }
    s->initialised = 1;
    Py_ssize_t core_count = PyTuple_GET_SIZE(cores);
    if (core_count < 2 || stem_count < 0 || stem_count >= INT32_MAX ||
        PyTuple_GET_SIZE(concepts) >= INT32_MAX || PyList_GET_SIZE(entries) >= INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "bad Scanner sizes (cores start with \"\" and \"-\")");
        return -1;
    }
    for (Py_ssize_t k = 0; k < core_count; k++)
        if (!PyUnicode_Check(PyTuple_GET_ITEM(cores, k))) {
            PyErr_SetString(PyExc_TypeError, "separator cores must be str");
            return -1;
        }
    Py_ssize_t count = PyList_GET_SIZE(entries), words = 0, spelled = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *entry = PyList_GET_ITEM(entries, k);
        if (!PyTuple_Check(entry) || PyTuple_GET_SIZE(entry) != 10 ||
            !PyTuple_Check(PyTuple_GET_ITEM(entry, 3))) {
            PyErr_SetString(PyExc_TypeError, "an entry is a tuple of 10 (see Scanner.__doc__)");
            return -1;
        }
        Py_ssize_t n = PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 3));
        PyObject *spellings = PyTuple_GET_ITEM(entry, 6);
        if (n < 1 || n > 1024 || !PyTuple_Check(PyTuple_GET_ITEM(entry, 4)) ||
            !PyTuple_Check(PyTuple_GET_ITEM(entry, 5)) ||
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 4)) != n ||
            PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 5)) != n - 1 ||
            (spellings != Py_None &&
             (!PyTuple_Check(spellings) || PyTuple_GET_SIZE(spellings) != n))) {
            PyErr_SetString(PyExc_ValueError, "an entry's stems, literals, separators and "
                                              "spellings must be tuples of n, n, n - 1 and n");
            return -1;
        }
        words += n;
        if (spellings != Py_None)
            for (Py_ssize_t j = 0; j < n; j++) {
                PyObject *allowed = PyTuple_GET_ITEM(spellings, j);
                if (!PyTuple_Check(allowed)) {
                    PyErr_SetString(PyExc_TypeError, "spellings must be tuples of ids");
                    return -1;
                }
                spelled += 1 + PyTuple_GET_SIZE(allowed);
            }
    }
    s->entries = PyMem_Calloc(count + 1, sizeof(Entry));
    s->stems = PyMem_Calloc(words + 1, sizeof(int32_t));
    s->literals = PyMem_Calloc(words + 1, sizeof(int32_t));
    s->seps = PyMem_Calloc(words + 1, sizeof(int32_t));
    s->spellings = PyMem_Calloc(spelled + 1, sizeof(int32_t));
    s->first_at = PyMem_Calloc(stem_count + 2, sizeof(int32_t));
    s->first_entries = PyMem_Calloc(count + 1, sizeof(int32_t));
    s->concept_count = PyTuple_GET_SIZE(concepts);
    s->stamp = PyMem_Calloc(s->concept_count + 1, sizeof(uint32_t));
    s->group = PyMem_Calloc(s->concept_count + 1, sizeof(int32_t));
    s->mapped = PyMem_Calloc(count + 1, sizeof(char));
    PyObject *patterns = PyList_New(count);
    if (!s->entries || !s->stems || !s->literals || !s->seps || !s->spellings || !s->first_at ||
        !s->first_entries || !s->stamp || !s->group || !s->mapped || !patterns ||
        text_index_init(&s->word_text, 1024) < 0) {
        Py_XDECREF(patterns);
        PyErr_NoMemory();
        return -1;
    }
    s->stem_count = stem_count;
    Py_ssize_t at = 0, spell_at = 0;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *entry = PyList_GET_ITEM(entries, k);
        Entry *e = &s->entries[k];
        PyObject *spellings = PyTuple_GET_ITEM(entry, 6);
        e->n = (int32_t)PyTuple_GET_SIZE(PyTuple_GET_ITEM(entry, 3));
        e->at = (int32_t)at;
        e->spell = spellings == Py_None ? -1 : (int32_t)spell_at;
        Py_ssize_t literals_at = at, seps_at = at;
        if (int_of(PyTuple_GET_ITEM(entry, 0), 0, (int32_t)s->concept_count, &e->concept,
                   "concept index") < 0 ||
            int_of(PyTuple_GET_ITEM(entry, 1), 0, INT32_MAX, &e->ordinal, "ordinal") < 0 ||
            take_ints(PyTuple_GET_ITEM(entry, 3), 0, (int32_t)stem_count, s->stems, &at,
                      "stem ids") < 0 ||
            take_ints(PyTuple_GET_ITEM(entry, 4), 0, INT32_MAX, s->literals, &literals_at,
                      "literal ids") < 0 ||
            take_ints(PyTuple_GET_ITEM(entry, 5), 0, (int32_t)core_count, s->seps, &seps_at,
                      "separator ids") < 0 ||
            int_of(PyTuple_GET_ITEM(entry, 7), 0, INT32_MAX, &e->closed, "closed") < 0 ||
            int_of(PyTuple_GET_ITEM(entry, 8), 0, INT32_MAX, &e->status_rank, "status rank") < 0 ||
            int_of(PyTuple_GET_ITEM(entry, 9), 0, INT32_MAX, &e->rank, "rank") < 0 ||
            (roles != Py_None &&
             int_of(PyTuple_GET_ITEM(roles, k), ROLE_RENDERS, ROLE_NOTED + 1, &e->role, "role") <
                 0))
            goto fail;
        if (spellings != Py_None)
            for (Py_ssize_t j = 0; j < e->n; j++) {
                PyObject *allowed = PyTuple_GET_ITEM(spellings, j);
                s->spellings[spell_at++] = (int32_t)PyTuple_GET_SIZE(allowed);
                if (take_ints(allowed, 0, INT32_MAX, s->spellings, &spell_at, "spelling ids") < 0)
                    goto fail;
            }
        PyObject *pattern = PyTuple_GET_ITEM(entry, 2);
        Py_INCREF(pattern);
        PyList_SET_ITEM(patterns, k, pattern);
        s->first_at[s->stems[e->at] + 1]++;
    }
    /* Entries grouped by first stem, in the order given. */
    for (Py_ssize_t stem = 0; stem < stem_count; stem++)
        s->first_at[stem + 1] += s->first_at[stem];
    int32_t *filled = PyMem_Calloc(stem_count + 1, sizeof(int32_t));
    if (!filled) {
        PyErr_NoMemory();
        goto fail;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        int32_t first = s->stems[s->entries[k].at];
        s->first_entries[s->first_at[first] + filled[first]++] = (int32_t)k;
    }
    PyMem_Free(filled);
    s->entry_count = count;
    Py_INCREF(word_info);
    s->word_info = word_info;
    Py_INCREF(concepts);
    s->concepts = concepts;
    Py_INCREF(cores);
    s->cores = cores;
    s->patterns = patterns;
    Py_INCREF(payload);
    s->payload = payload;
    s->built = 1;
    return 0;
fail:
    Py_DECREF(patterns);
    return -1;
}

static int Scanner_traverse(Scanner *s, visitproc visit, void *arg)
{
    Py_VISIT(s->word_info);
    Py_VISIT(s->concepts);
    Py_VISIT(s->patterns);
    Py_VISIT(s->payload);
    Py_VISIT(s->cores);
    return 0;
}

static int Scanner_clear(Scanner *s)
{
    Py_CLEAR(s->word_info);
    Py_CLEAR(s->concepts);
    Py_CLEAR(s->patterns);
    Py_CLEAR(s->payload);
    Py_CLEAR(s->cores);
    s->built = 0;
    return 0;
}

static void Scanner_dealloc(Scanner *s)
{
    PyObject_GC_UnTrack(s);
    Scanner_clear(s);
    text_index_free(&s->word_text);
    PyMem_Free(s->word_ids);
    PyMem_Free(s->entries);
    PyMem_Free(s->stems);
    PyMem_Free(s->literals);
    PyMem_Free(s->seps);
    PyMem_Free(s->spellings);
    PyMem_Free(s->first_at);
    PyMem_Free(s->first_entries);
    PyMem_Free(s->stamp);
    PyMem_Free(s->group);
    PyMem_Free(s->mapped);
    free_text_buffers(s);
    PyMem_Free(s->candidates);
    PyMem_Free(s->found);
    PyMem_Free(s->kept);
    Py_TYPE(s)->tp_free((PyObject *)s);
}

static PyMethodDef Scanner_methods[] = {
    {"scan", (PyCFunction)Scanner_scan, METH_VARARGS,
     "scan(text, concepts) -> {concept id: [(start, end, pattern), ...]}"},
    {"read", (PyCFunction)(void (*)(void))Scanner_read, METH_FASTCALL,
     "read(text, first) -> (scan(text, first), listed, unmet, noted): see termscan.py"},
    {"forget_words", (PyCFunction)Scanner_forget_words, METH_NOARGS,
     "Forget the words seen so far (their ids are asked again)."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Scanner_getset[] = {
    {"words", (getter)Scanner_words, NULL, "distinct words remembered", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject ScannerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._termscan.Scanner",
    .tp_doc = "Scanner(word_info, concepts, entries, stem_count, cores[, payload[, roles]]): see "
               "termscan.py",
    .tp_basicsize = sizeof(Scanner),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Scanner_init,
    .tp_dealloc = (destructor)Scanner_dealloc,
    .tp_traverse = (traverseproc)Scanner_traverse,
    .tp_clear = (inquiry)Scanner_clear,
    .tp_methods = Scanner_methods,
    .tp_getset = Scanner_getset,
};

static struct PyModuleDef termscan_module = {
    PyModuleDef_HEAD_INIT, "_termscan", "Word sequences found in text, in C (see termscan.py).", -1,
    NULL, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__termscan(void)
{
    if (PyType_Ready(&ScannerType) < 0)
        return NULL;
    make_word_bits();
    PyObject *module = PyModule_Create(&termscan_module);
    if (!module)
        return NULL;
    Py_INCREF(&ScannerType);
    if (PyModule_AddObject(module, "Scanner", (PyObject *)&ScannerType) < 0) {
        Py_DECREF(&ScannerType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
