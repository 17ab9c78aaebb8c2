/* The aligner's choice among the walk's candidates, in C (normcorpus.accel._choice).
 *
 * Fed callbacks and the aligner's memo of loose readings, no linguistics.
 * `Chooser.choose_many(texts, candidate lists)` gives, for each text, what
 * `Aligner._choose(text, candidates)` gives (the matches chosen, not the nested
 * ones): the readings, correct spellings first, then loose ones; within each
 * the longest, the strongest kind, the best score, the earliest; none
 * overlapping; in text order. What it does not read itself it asks:
 *
 * - `read(text, candidate)`: `Aligner._read`, for a candidate spelled neither
 *   as the term's tokens nor as remembered (its loose reading not remembered,
 *   or a window starting with a capital in mid-text, which may name something);
 * - `cuts(text, start, end, without)`: `Aligner._cuts_a_word`, once a window;
 * - `holds(outer, inner, offset, n)`: `align._holds` of two entry indexes;
 * - `plain(text, candidates)`: the plain choice, for a text with a reading of
 *   an entry in `excluding` (the phrases a concept excludes);
 * - `nothing(window, lower, folded, without)` (the describer's
 *   `nothing_loosely`, or None): before `read`, whether a window read for the
 *   first time is read as nothing for certain (then remembered so, as `read`
 *   would), with `forms(entry index)`, the term's syllables;
 * - `crosses(text, start, end, lexicon, edges, reach)` (the describer's
 *   `crosses_no_word`, or None): before `cuts`, whether a loose reading in a
 *   sentence with diacritics cuts no word by the rule's first look, with
 *   `lexicons()`, asked once, giving the words and edge pairs it looks up.
 *
 * tests/test_align_choice.py checks it against `Aligner._choose`.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <string.h>

enum { SAME_TOKENS = 0, SAME_LOWER = 1, OTHER = 2 };

typedef struct {
    int loose, rank, without;
    Py_ssize_t n, first, index, start, end, order;
    double negscore; /* -score */
    /* the output's objects, borrowed from the candidate or from `owner` */
    PyObject *o_start, *o_end, *o_index, *kind, *score;
    PyObject *owner; /* a reference held: the reading's tuple (read, or remembered) */
} Reading;

typedef struct {
    PyObject_HEAD
    PyObject *read, *cuts, *holds, *plain;
    PyObject *loose;     /* dict: (entry index, window, without) -> (kind, score) */
    PyObject *nothing;   /* (window, lower, folded, without) -> True: read as nothing; or None */
    PyObject *forms;     /* entry index -> (lower, folded): its syllables */
    PyObject *form_of;   /* dict: forms remembered */
    PyObject *none_read; /* what `loose` holds for a window read as nothing */
    Py_ssize_t limit;    /* the most windows `loose` remembers (then it is emptied) */
    PyObject *crosses;   /* (text, start, end, lexicon, edges, reach) -> True: no word
                          * across an edge; or None */
    PyObject *lexicons;  /* () -> (lexicon, edges), asked once (then held) */
    PyObject *held;      /* what `lexicons` gave */
    Py_ssize_t reach;
    PyObject *excluding; /* set of entry indexes */
    PyObject *kinds[4];  /* "exact", "variant", "folded", "fuzzy": their ranks */
    PyObject *one;       /* 1.0 */
    double share;        /* MAX_MARKED_SHARE */
} Chooser;

/* The rank of a kind (KIND_RANK), -1 for none of them, -2 on error. */
static int rank_of(Chooser *c, PyObject *kind)
{
    for (int k = 0; k < 4; k++)
        if (kind == c->kinds[k])
            return k;
    for (int k = 0; k < 4; k++) {
        int same = PyObject_RichCompareBool(kind, c->kinds[k], Py_EQ);
        if (same < 0)
            return -2;
        if (same)
            return k;
    }
    return -1;
}

static int field(PyObject *tuple, Py_ssize_t k, Py_ssize_t *out)
{
    *out = PyLong_AsSsize_t(PyTuple_GET_ITEM(tuple, k));
    return *out == -1 && PyErr_Occurred() ? -1 : 0;
}

/* A reading's tuple from `read` (align._Reading) into *r: 1, or -1 on error. */
static int from_reading(PyObject *t, Reading *r)
{
    if (!PyTuple_Check(t) || PyTuple_GET_SIZE(t) != 11) {
        PyErr_SetString(PyExc_TypeError, "read() gave no reading tuple");
        return -1;
    }
    Py_ssize_t negn, rank;
    if ((r->loose = PyObject_IsTrue(PyTuple_GET_ITEM(t, 0))) < 0 || field(t, 1, &negn) < 0 ||
        field(t, 2, &rank) < 0 || field(t, 4, &r->first) < 0 || field(t, 5, &r->index) < 0 ||
        field(t, 8, &r->start) < 0 || field(t, 9, &r->end) < 0 ||
        (r->without = PyObject_IsTrue(PyTuple_GET_ITEM(t, 10))) < 0)
        return -1;
    r->negscore = PyFloat_AsDouble(PyTuple_GET_ITEM(t, 3));
    if (r->negscore == -1.0 && PyErr_Occurred())
        return -1;
    r->n = -negn;
    r->rank = (int)rank;
    r->o_start = PyTuple_GET_ITEM(t, 8);
    r->o_end = PyTuple_GET_ITEM(t, 9);
    r->o_index = PyTuple_GET_ITEM(t, 5);
    r->kind = PyTuple_GET_ITEM(t, 6);
    r->score = PyTuple_GET_ITEM(t, 7);
    Py_INCREF(t);
    r->owner = t;
    return 1;
}

/* Whether a window (key: entry index, window, without) is read as nothing for
 * certain (`nothing`): 1, remembered in `loose`; 0 not certain; -1 error. */
static int read_as_nothing(Chooser *c, PyObject *cand, PyObject *key, int without)
{
    PyObject *index = PyTuple_GET_ITEM(cand, 4);
    PyObject *forms = PyDict_GetItemWithError(c->form_of, index);
    if (!forms) {
        if (PyErr_Occurred())
            return -1;
        forms = PyObject_CallOneArg(c->forms, index);
        if (!forms)
            return -1;
        int stored = PyTuple_Check(forms) && PyTuple_GET_SIZE(forms) == 2
                         ? PyDict_SetItem(c->form_of, index, forms)
                         : (PyErr_SetString(PyExc_TypeError, "forms() gives (lower, folded)"), -1);
        Py_DECREF(forms);
        if (stored < 0)
            return -1;
    }
    /* (borrowed: the dict holds it, and nothing below changes the dict) */
    PyObject *got = PyObject_CallFunctionObjArgs(c->nothing, PyTuple_GET_ITEM(key, 1),
                                                 PyTuple_GET_ITEM(forms, 0),
                                                 PyTuple_GET_ITEM(forms, 1),
                                                 without ? Py_True : Py_False, NULL);
    if (!got)
        return -1;
    int certain = got == Py_True;
    Py_DECREF(got);
    if (!certain)
        return 0;
    if (PyDict_GET_SIZE(c->loose) >= c->limit)
        PyDict_Clear(c->loose);
    return PyDict_SetItem(c->loose, key, c->none_read) < 0 ? -1 : 1;
}

/* What a candidate spelled otherwise than the term's tokens reads as: 1 (in *r),
 * 0 nothing, -1 error. `_read`, with its memo of loose readings read here. */
static int read_candidate(Chooser *c, PyObject *text, PyObject *cand, const Py_ssize_t *f,
                          Reading *r)
{
    /* f: start, end, first, n, index, spelled, vietnamese, marked */
    if (f[5] == OTHER) {
        int without = f[6] > 0 && (double)f[7] <= c->share * (double)f[6];
        PyObject *window = PyUnicode_Substring(text, f[0], f[1]);
        if (!window)
            return -1;
        PyObject *key = PyTuple_Pack(3, PyTuple_GET_ITEM(cand, 4), window,
                                     without ? Py_True : Py_False);
        Py_DECREF(window);
        if (!key)
            return -1;
        PyObject *known = PyDict_GetItemWithError(c->loose, key);
        if (!known && PyErr_Occurred()) {
            Py_DECREF(key);
            return -1;
        }
        if (!known && c->nothing != Py_None &&
            (f[0] == 0 || !Py_UNICODE_ISUPPER(PyUnicode_READ_CHAR(text, f[0])))) {
            /* Read for the first time where it names nothing: read as nothing
             * for certain (most such windows), it is remembered so, as `_read`
             * would remember it. */
            int got = read_as_nothing(c, cand, key, without);
            Py_DECREF(key);
            if (got)
                return got < 0 ? -1 : 0;
        } else {
            Py_DECREF(key);
        }
        if (known && PyTuple_Check(known) && PyTuple_GET_SIZE(known) == 2) {
            PyObject *kind = PyTuple_GET_ITEM(known, 0), *score = PyTuple_GET_ITEM(known, 1);
            if (kind == Py_None)
                return 0; /* read as nothing, wherever it stands */
            int rank = rank_of(c, kind);
            if (rank == -2)
                return -1;
            /* A window starting with a capital past the text's first character
             * may name something: `_read` says. */
            Py_UCS4 head = PyUnicode_READ_CHAR(text, f[0]);
            if (rank >= 0 && PyFloat_CheckExact(score) && (f[0] == 0 || !Py_UNICODE_ISUPPER(head))) {
                r->loose = rank == 3 || !without;
                r->n = f[3];
                r->rank = rank;
                r->negscore = -PyFloat_AS_DOUBLE(score);
                r->first = f[2];
                r->index = f[4];
                r->start = f[0];
                r->end = f[1];
                r->without = without;
                r->o_start = PyTuple_GET_ITEM(cand, 0);
                r->o_end = PyTuple_GET_ITEM(cand, 1);
                r->o_index = PyTuple_GET_ITEM(cand, 4);
                r->kind = kind;
                r->score = score;
                Py_INCREF(known);
                r->owner = known;
                return 1;
            }
        }
    }
    PyObject *got = PyObject_CallFunctionObjArgs(c->read, text, cand, NULL);
    if (!got)
        return -1;
    int out = got == Py_None ? 0 : from_reading(got, r);
    Py_DECREF(got);
    return out;
}

/* Preference: (loose, -tokens, kind rank, -score, first token, entry index), as
 * the readings' tuples sort (equal so far, two readings are one); then the order
 * they came in, so that the sort is stable. `from_one`: leave `loose` out. */
static int prefer(const Reading *x, const Reading *y, int from_one)
{
    if (!from_one && x->loose != y->loose)
        return x->loose - y->loose;
    if (x->n != y->n)
        return x->n > y->n ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank - y->rank;
    if (x->negscore != y->negscore)
        return x->negscore < y->negscore ? -1 : 1;
    if (x->first != y->first)
        return x->first < y->first ? -1 : 1;
    if (x->index != y->index)
        return x->index < y->index ? -1 : 1;
    return (x->order > y->order) - (x->order < y->order);
}

static int by_preference(const void *a, const void *b)
{
    return prefer(*(Reading *const *)a, *(Reading *const *)b, 0);
}

static int by_preference_from_one(const void *a, const void *b)
{
    return prefer(*(Reading *const *)a, *(Reading *const *)b, 1);
}

/* Text order of matches that overlap no other: (start, end, entry index). */
static int by_place(const void *a, const void *b)
{
    const Reading *x = *(Reading *const *)a, *y = *(Reading *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->end != y->end)
        return x->end < y->end ? -1 : 1;
    return (x->index > y->index) - (x->index < y->index);
}

static int overlaps(const Reading *x, const Reading *y)
{
    return x->first < y->first + y->n && y->first < x->first + x->n;
}

/* Whether any of tokens [first, first + n) is set in `marks`. */
static int any_marked(const uint8_t *marks, const Reading *r)
{
    for (Py_ssize_t k = r->first; k < r->first + r->n; k++)
        if (marks[k])
            return 1;
    return 0;
}

static void mark(uint8_t *marks, const Reading *r)
{
    memset(marks + r->first, 1, (size_t)r->n);
}

/* ((start, end, entry index, kind, score), ...) of `chosen` in text order. */
static PyObject *placed_tuple(Reading **chosen, Py_ssize_t count)
{
    qsort(chosen, (size_t)count, sizeof(Reading *), by_place);
    PyObject *out = PyTuple_New(count);
    if (!out)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        Reading *r = chosen[k];
        PyObject *item = PyTuple_Pack(5, r->o_start, r->o_end, r->o_index, r->kind, r->score);
        if (!item) {
            Py_DECREF(out);
            return NULL;
        }
        PyTuple_SET_ITEM(out, k, item);
    }
    return out;
}

/* Whether a loose reading covers whole words (`_Whole`): 1, 0, -1 on error;
 * memo: the windows asked of this text (start, end, without, answer). */
typedef struct {
    Py_ssize_t start, end;
    int without, whole;
} Asked;

static int whole(Chooser *c, PyObject *text, const Reading *r, Asked *asked, Py_ssize_t *count)
{
    for (Py_ssize_t k = 0; k < *count; k++)
        if (asked[k].start == r->start && asked[k].end == r->end && asked[k].without == r->without)
            return asked[k].whole;
    int cuts = -2; /* not known yet */
    if (!r->without && c->crosses != Py_None) {
        /* By its first look (most windows): no word across an edge. */
        if (!c->held) {
            c->held = PyObject_CallNoArgs(c->lexicons);
            if (!c->held)
                return -1;
            if (!PyTuple_Check(c->held) || PyTuple_GET_SIZE(c->held) != 2) {
                Py_CLEAR(c->held);
                PyErr_SetString(PyExc_TypeError, "lexicons() gives (lexicon, edges)");
                return -1;
            }
        }
        PyObject *reach = PyLong_FromSsize_t(c->reach);
        PyObject *got = reach ? PyObject_CallFunctionObjArgs(
                                    c->crosses, text, r->o_start, r->o_end,
                                    PyTuple_GET_ITEM(c->held, 0), PyTuple_GET_ITEM(c->held, 1),
                                    reach, NULL)
                              : NULL;
        Py_XDECREF(reach);
        if (!got)
            return -1;
        if (got == Py_True)
            cuts = 0;
        Py_DECREF(got);
    }
    if (cuts == -2) {
        PyObject *got = PyObject_CallFunctionObjArgs(c->cuts, text, r->o_start, r->o_end,
                                                     r->without ? Py_True : Py_False, NULL);
        if (!got)
            return -1;
        cuts = PyObject_IsTrue(got);
        Py_DECREF(got);
        if (cuts < 0)
            return -1;
    }
    asked[*count] = (Asked){r->start, r->end, r->without, !cuts};
    ++*count;
    return !cuts;
}

/* Whether `outer` reads the stretch of `inner` as inner (`_holds`): 1, 0, -1. */
static int holds(Chooser *c, const Reading *outer, const Reading *inner)
{
    PyObject *offset = PyLong_FromSsize_t(inner->first - outer->first);
    PyObject *n = PyLong_FromSsize_t(inner->n);
    PyObject *got = offset && n ? PyObject_CallFunctionObjArgs(c->holds, outer->o_index,
                                                               inner->o_index, offset, n, NULL)
                                : NULL;
    Py_XDECREF(offset);
    Py_XDECREF(n);
    if (!got)
        return -1;
    int out = PyObject_IsTrue(got);
    Py_DECREF(got);
    return out;
}

/* `_choose(text, candidates)`: the matches chosen. */
static PyObject *choose(Chooser *c, PyObject *text, PyObject *cands)
{
    Py_ssize_t count = PyTuple_GET_SIZE(cands);
    if (count == 0)
        return PyTuple_New(0);
    PyObject *out = NULL;
    Py_ssize_t size = 0, tokens = 0;
    /* readings, then three lists of pointers into them, then the whole-word memo */
    Reading *readings = PyMem_Malloc(count * sizeof(Reading));
    Py_ssize_t(*fields)[8] = PyMem_Malloc(count * sizeof(*fields)); /* each candidate's */
    Reading **order = PyMem_Malloc(4 * count * sizeof(Reading *));
    Asked *asked = PyMem_Malloc(count * sizeof(Asked));
    uint8_t *marks = NULL;
    if (!readings || !order || !asked || !fields) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *cand = PyTuple_GET_ITEM(cands, k);
        if (!PyTuple_Check(cand) || PyTuple_GET_SIZE(cand) != 8) {
            PyErr_SetString(PyExc_TypeError, "a candidate is a tuple of 8");
            goto done;
        }
        Py_ssize_t *f = fields[k];
        for (int j = 0; j < 8; j++)
            if (field(cand, j, &f[j]) < 0)
                goto done;
        if (f[2] < 0 || f[3] < 1 || f[0] < 0 || f[1] > PyUnicode_GET_LENGTH(text) ||
            f[0] >= f[1] || f[2] + f[3] > PY_SSIZE_T_MAX / 2) {
            PyErr_SetString(PyExc_ValueError, "a candidate out of the text");
            goto done;
        }
        if (f[2] + f[3] > tokens)
            tokens = f[2] + f[3];
    }
    marks = PyMem_Calloc((size_t)(2 * tokens), 1); /* taken, then right */
    if (!marks) {
        PyErr_NoMemory();
        goto done;
    }
    uint8_t *taken = marks, *right = marks + tokens;
    /* Whether every reading is a correct spelling and none overlaps another
     * (most texts): then every one is chosen, and nothing is to sort. */
    int plain = 1;
    for (Py_ssize_t k = 0; k < count; k++) {
        PyObject *cand = PyTuple_GET_ITEM(cands, k);
        const Py_ssize_t *f = fields[k];
        Reading *r = &readings[size];
        if (f[5] == SAME_TOKENS) {
            *r = (Reading){0, 0, 0, f[3], f[2], f[4], f[0], f[1], 0, -1.0,
                           PyTuple_GET_ITEM(cand, 0), PyTuple_GET_ITEM(cand, 1),
                           PyTuple_GET_ITEM(cand, 4), c->kinds[0], c->one, NULL};
        } else {
            int got = read_candidate(c, text, cand, f, r);
            if (got < 0)
                goto done;
            if (!got)
                continue;
            if (r->first < 0 || r->n < 1 || r->first + r->n > tokens) {
                Py_CLEAR(r->owner);
                PyErr_SetString(PyExc_ValueError, "a reading out of its candidates' tokens");
                goto done;
            }
            if (r->loose)
                plain = 0;
        }
        r->order = size++;
        if (plain) {
            if (any_marked(taken, r))
                plain = 0;
            mark(taken, r);
        }
    }
    if (PySet_GET_SIZE(c->excluding)) {
        for (Py_ssize_t k = 0; k < size; k++) {
            int excluded = PySet_Contains(c->excluding, readings[k].o_index);
            if (excluded < 0)
                goto done;
            if (excluded) { /* the phrases a concept excludes: the plain rule */
                out = PyObject_CallFunctionObjArgs(c->plain, text, cands, NULL);
                goto done;
            }
        }
    }
    Reading **sorted = order, **chosen = order + count, **loose = order + 2 * count,
            **placed = order + 3 * count;
    for (Py_ssize_t k = 0; k < size; k++)
        sorted[k] = &readings[k];
    if (plain) {
        out = placed_tuple(sorted, size);
        goto done;
    }
    qsort(sorted, (size_t)size, sizeof(Reading *), by_preference);
    memset(taken, 0, (size_t)tokens);
    Py_ssize_t nchosen = 0, nloose = 0;
    for (Py_ssize_t k = 0; k < size; k++) {
        Reading *r = sorted[k];
        if (r->loose) {
            loose[nloose++] = r;
            continue;
        }
        mark(right, r);
        if (any_marked(taken, r))
            continue;
        mark(taken, r);
        chosen[nchosen++] = r;
    }
    /* `_fill`: the loose readings in the gaps the correct spellings leave, or over
     * correct spellings they read as themselves; the longer reading wins. */
    Py_ssize_t nplaced = 0, nasked = 0;
    for (Py_ssize_t k = 0; k < nloose; k++) {
        Reading *r = loose[k];
        if (any_marked(right, r)) {
            int all = 1;
            for (Py_ssize_t j = 0; j < size && all; j++) {
                Reading *other = sorted[j];
                if (other->loose || !overlaps(other, r))
                    continue;
                int held = holds(c, r, other);
                if (held < 0)
                    goto done;
                all = held;
            }
            if (!all)
                continue;
        }
        int is_whole = whole(c, text, r, asked, &nasked);
        if (is_whole < 0)
            goto done;
        if (is_whole)
            placed[nplaced++] = r;
    }
    if (nplaced) {
        /* The loose readings placed, longest first, and the correct ones they leave. */
        Reading **merged = loose; /* (read through) */
        Py_ssize_t nmerged = 0;
        for (Py_ssize_t k = 0; k < nplaced; k++)
            merged[nmerged++] = placed[k];
        for (Py_ssize_t k = 0; k < nchosen; k++)
            merged[nmerged++] = chosen[k];
        for (Py_ssize_t k = 0; k < nmerged; k++)
            merged[k]->order = k; /* ties keep this order, as a stable sort would */
        qsort(merged, (size_t)nmerged, sizeof(Reading *), by_preference_from_one);
        memset(taken, 0, (size_t)tokens);
        nchosen = 0;
        for (Py_ssize_t k = 0; k < nmerged; k++) {
            Reading *r = merged[k];
            if (any_marked(taken, r))
                continue;
            mark(taken, r);
            chosen[nchosen++] = r;
        }
    }
    out = placed_tuple(chosen, nchosen);
done:
    if (readings)
        for (Py_ssize_t k = 0; k < size; k++)
            Py_XDECREF(readings[k].owner);
    PyMem_Free(readings);
    PyMem_Free(fields);
    PyMem_Free(order);
    PyMem_Free(asked);
    PyMem_Free(marks);
    return out;
}

/* choose_many(texts, candidate lists) -> [matches chosen, ...] */
static PyObject *Chooser_choose_many(Chooser *c, PyObject *args)
{
    PyObject *texts, *lists;
    if (!c->read) {
        PyErr_SetString(PyExc_RuntimeError, "Chooser() was not initialised");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O!O!", &PyList_Type, &texts, &PyList_Type, &lists))
        return NULL;
    Py_ssize_t count = PyList_GET_SIZE(texts);
    if (PyList_GET_SIZE(lists) != count) {
        PyErr_SetString(PyExc_ValueError, "as many candidate lists as texts");
        return NULL;
    }
    PyObject *out = PyList_New(count);
    if (!out)
        return NULL;
    for (Py_ssize_t k = 0; k < count; k++) {
        /* (a callback may change the lists: hold what is read) */
        PyObject *text = PyList_GET_ITEM(texts, k), *cands = PyList_GET_ITEM(lists, k);
        if (!PyUnicode_Check(text) || !PyTuple_Check(cands)) {
            PyErr_SetString(PyExc_TypeError, "texts are str, candidate lists tuples");
            Py_DECREF(out);
            return NULL;
        }
        Py_INCREF(text);
        Py_INCREF(cands);
        PyObject *chosen = choose(c, text, cands);
        Py_DECREF(text);
        Py_DECREF(cands);
        if (!chosen) {
            Py_DECREF(out);
            return NULL;
        }
        PyList_SET_ITEM(out, k, chosen);
        if (PyList_GET_SIZE(texts) != count || PyList_GET_SIZE(lists) != count) {
            PyErr_SetString(PyExc_RuntimeError, "the lists changed during choose_many()");
            Py_DECREF(out);
            return NULL;
        }
    }
    return out;
}

/* Chooser(read, cuts, holds, plain, loose, excluding, kinds, share,
 *         nothing, forms, none_read, limit, crosses, lexicons, reach) */
static int Chooser_init(Chooser *c, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *read, *cuts, *holds_, *plain, *loose, *excluding, *kinds, *nothing, *forms,
        *none_read, *crosses, *lexicons;
    double share;
    Py_ssize_t limit, reach;
    if (c->read) {
        PyErr_SetString(PyExc_RuntimeError, "Chooser() is initialised once");
        return -1;
    }
    if (!PyArg_ParseTuple(args, "OOOOO!OO!dOOOnOOn", &read, &cuts, &holds_, &plain, &PyDict_Type,
                          &loose, &excluding, &PyTuple_Type, &kinds, &share, &nothing, &forms,
                          &none_read, &limit, &crosses, &lexicons, &reach))
        return -1;
    if (limit < 1) {
        PyErr_SetString(PyExc_ValueError, "the memo's limit is at least 1");
        return -1;
    }
    if (!PyAnySet_Check(excluding)) {
        PyErr_SetString(PyExc_TypeError, "excluding is a set");
        return -1;
    }
    if (PyTuple_GET_SIZE(kinds) != 4) {
        PyErr_SetString(PyExc_ValueError, "four kinds: exact, variant, folded, fuzzy");
        return -1;
    }
    for (int k = 0; k < 4; k++) {
        if (!PyUnicode_Check(PyTuple_GET_ITEM(kinds, k))) {
            PyErr_SetString(PyExc_TypeError, "kinds are str");
            return -1;
        }
    }
    if (!(c->one = PyFloat_FromDouble(1.0)) || !(c->form_of = PyDict_New()))
        return -1;
    c->nothing = Py_NewRef(nothing);
    c->forms = Py_NewRef(forms);
    c->none_read = Py_NewRef(none_read);
    c->limit = limit;
    c->crosses = Py_NewRef(crosses);
    c->lexicons = Py_NewRef(lexicons);
    c->reach = reach;
    for (int k = 0; k < 4; k++)
        c->kinds[k] = Py_NewRef(PyTuple_GET_ITEM(kinds, k));
    c->cuts = Py_NewRef(cuts);
    c->holds = Py_NewRef(holds_);
    c->plain = Py_NewRef(plain);
    c->loose = Py_NewRef(loose);
    c->excluding = Py_NewRef(excluding);
    c->share = share;
    c->read = Py_NewRef(read); /* last: set means initialised */
    return 0;
}

static int Chooser_traverse(Chooser *c, visitproc visit, void *arg)
{
    Py_VISIT(c->read);
    Py_VISIT(c->cuts);
    Py_VISIT(c->holds);
    Py_VISIT(c->plain);
    Py_VISIT(c->loose);
    Py_VISIT(c->excluding);
    Py_VISIT(c->nothing);
    Py_VISIT(c->forms);
    Py_VISIT(c->form_of);
    Py_VISIT(c->none_read);
    Py_VISIT(c->crosses);
    Py_VISIT(c->lexicons);
    Py_VISIT(c->held);
    return 0;
}

static int Chooser_clear(Chooser *c)
{
    Py_CLEAR(c->read);
    Py_CLEAR(c->cuts);
    Py_CLEAR(c->holds);
    Py_CLEAR(c->plain);
    Py_CLEAR(c->loose);
    Py_CLEAR(c->excluding);
    Py_CLEAR(c->nothing);
    Py_CLEAR(c->forms);
    Py_CLEAR(c->form_of);
    Py_CLEAR(c->none_read);
    Py_CLEAR(c->crosses);
    Py_CLEAR(c->lexicons);
    Py_CLEAR(c->held);
    return 0;
}

static void Chooser_dealloc(Chooser *c)
{
    PyObject_GC_UnTrack(c);
    Chooser_clear(c);
    for (int k = 0; k < 4; k++)
        Py_CLEAR(c->kinds[k]);
    Py_CLEAR(c->one);
    Py_TYPE(c)->tp_free((PyObject *)c);
}

static PyMethodDef Chooser_methods[] = {
    {"choose_many", (PyCFunction)Chooser_choose_many, METH_VARARGS,
     "choose_many(texts, candidate lists) -> the matches chosen in each text"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject ChooserType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._choice.Chooser",
    .tp_basicsize = sizeof(Chooser),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "The aligner's choice among a text's candidates (see choice.py).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Chooser_init,
    .tp_traverse = (traverseproc)Chooser_traverse,
    .tp_clear = (inquiry)Chooser_clear,
    .tp_dealloc = (destructor)Chooser_dealloc,
    .tp_methods = Chooser_methods,
};

static struct PyModuleDef choice_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "_choice",
    .m_doc = "The aligner's choice in C (see choice.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__choice(void)
{
    if (PyType_Ready(&ChooserType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&choice_module);
    if (module && PyModule_AddObjectRef(module, "Chooser", (PyObject *)&ChooserType) < 0)
        Py_CLEAR(module);
    return module;
}
