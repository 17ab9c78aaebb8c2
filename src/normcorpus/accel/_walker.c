/* The aligner's candidate walk in C (normcorpus.accel._walker).
 *
 * Fed data, not rules: the trie of the terms' folded syllables, each term's
 * tokens, lower-case forms, separators and flags, and, once per distinct
 * token, what align.py says the token is (its folded syllable, its lower-case
 * form, the term syllables it may be a typo of: `add_token`). This module
 * takes a text apart at its \w+ tokens (\w as the standard library's re
 * defines it), finds each token's id by its characters, and walks the trie
 * from every token, taking a typo step only where a term below allows one.
 * It returns every candidate window it reaches, each with how it is spelled
 * (the term's tokens, its lower-case forms, or neither): align.py reads the
 * candidates and chooses among them. tests/test_align_accel.py checks that
 * the candidates are those of the plain finder in align.py.
 *
 * Checked under AddressSanitizer and UBSan (docs/decisions.md says how).
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "_ctable.h"

/* ---- a growable int32 array ---------------------------------------------- */

typedef struct {
    int32_t *items;
    Py_ssize_t size, capacity;
} Ints;

static int ints_push(Ints *ints, int32_t value)
{
    if (ints->size == ints->capacity) {
        Py_ssize_t capacity = ints->capacity ? 2 * ints->capacity : 64;
        int32_t *items = PyMem_Realloc(ints->items, capacity * sizeof(int32_t));
        if (!items) {
            PyErr_NoMemory();
            return -1;
        }
        ints->items = items;
        ints->capacity = capacity;
    }
    ints->items[ints->size++] = value;
    return 0;
}

/* A bit for a key in a 64-bit filter: a clear bit says the key is absent,
 * without a look in a large table (which the processor's caches may not hold). */
static inline uint64_t bloom_bit(int32_t key)
{
    return 1ULL << (((uint32_t)key * 0x9e3779b9u) >> 26);
}

typedef struct {
    uint64_t *items;
    Py_ssize_t size, capacity;
} Blooms;

static int blooms_push(Blooms *blooms)
{
    if (blooms->size == blooms->capacity) {
        Py_ssize_t capacity = blooms->capacity ? 2 * blooms->capacity : 1024;
        uint64_t *items = PyMem_Realloc(blooms->items, capacity * sizeof(uint64_t));
        if (!items) {
            PyErr_NoMemory();
            return -1;
        }
        blooms->items = items;
        blooms->capacity = capacity;
    }
    blooms->items[blooms->size++] = 0;
    return 0;
}

/* ---- the walker ------------------------------------------------------------ */

/* An entry's flags; its most typos are flags >> TYPOS_SHIFT. */
enum { LOOSE = 2, SPACED = 4, TYPOS_SHIFT = 3 }; /* bit 1 (an abbreviation) is not read here */
/* How a candidate is spelled: the term's tokens, its lower-case forms, neither. */
enum { SAME_TOKENS, SAME_LOWER, OTHER };
enum { TOKENISING = 1, WALKING = 2 };

typedef struct {
    PyObject_HEAD
    /* the trie: node 0 is the root */
    int32_t nodes, syllable_ids, word_ids;
    Table child;        /* node * syllable_ids + folded syllable id -> child */
    int32_t *word_edges_at; /* word_ids + 1 offsets into edge_parent / edge_child */
    Ints edge_parent, edge_child; /* the trie's edges by the term syllable they spell */
    int32_t *node_entries_at; /* nodes + 1 offsets into node_entries */
    Ints node_entries;
    int8_t *max_subs;
    uint8_t *has_children;
    /* the glossary's terms */
    int32_t entries;    /* -1 until set_entries_flat() */
    int built;          /* 1 once __init__ has succeeded; 0 again after a failure mid-update */
    int initialised;    /* __init__ was called (it runs once) */
    int busy;           /* 0 idle, TOKENISING or WALKING (a candidates() call in progress) */
    int32_t *entry_at;  /* entries + 1 offsets into entry_tokens / entry_lower */
    Ints entry_tokens, entry_lower, entry_seps; /* seps: entry_at[e] - e onwards */
    uint8_t *entry_flags;
    /* the tokens seen (grows; truncated back to the reserved ones) */
    Ints token_syllable, token_lower, token_typo_at, token_typo_count, typo_words;
    Ints token_tally; /* what a token adds to its run's counts: 0 nothing, 1 the first, 2 both */
    Py_ssize_t reserved_tokens, reserved_typo_words;
    uint8_t *reserved_waiting; /* per reserved token: described on first sight (fill_token) */
    /* A token's typo steps, worked out when it is added: token * nodes + parent
     * -> offset in typo_blocks (count, then the children). */
    Table typos;
    Ints typo_blocks;
    Blooms typo_parents; /* per token: the parents it has typo steps under */
    int32_t *root_child; /* folded syllable id -> the root's child, or -1 */
    /* The tokens seen, by their characters -> token id. */
    TextIndex token_text;
    PyObject *token_ids; /* token as written -> id (None: not a word); makes new ones */
    PyObject *gap_ids;   /* separator as written -> separator id */
    PyObject *breaks;    /* separator as written -> whether it ends a run of tokens */
    Py_ssize_t space_gap, hyphen_gap; /* the ids of " " and "-" (-1: not asked yet) */
    /* A describer in C (set_describer): a new token described without token_ids'
     * Python; its maps are walker.py's (folded -> syllable id, term syllable -> word
     * id, lower-case form -> id, growing, and a term's token -> its reserved id). */
    PyObject *describe, *syllable_map, *word_map, *lower_map, *reserved_map;
} Walker;

typedef struct {
    Py_ssize_t start; /* the first token */
    int32_t n, entry, spelled;
} Found;

typedef struct {
    Walker *walker;
    const int32_t *tokens;
    const int32_t *seps; /* NULL: every separator is one space */
    Py_ssize_t size;
    Found *found;
    Py_ssize_t count, capacity;
} Walk;

static int add(Walk *walk, Py_ssize_t start, int n, int32_t entry, int spelled)
{
    if (walk->count == walk->capacity) {
        Py_ssize_t capacity = walk->capacity ? 2 * walk->capacity : 16;
        Found *found = PyMem_Realloc(walk->found, capacity * sizeof(Found));
        if (!found) {
            PyErr_NoMemory();
            return -1;
        }
        walk->found = found;
        walk->capacity = capacity;
    }
    Found *item = &walk->found[walk->count++];
    item->start = start;
    item->n = n;
    item->entry = entry;
    item->spelled = spelled;
    return 0;
}

static inline int32_t child_of(const Walker *w, int32_t node, int32_t syllable)
{
    if (syllable < 0)
        return -1;
    if (node == 0)
        return w->root_child[syllable];
    return table_get(&w->child, (uint64_t)node * (uint64_t)w->syllable_ids + (uint64_t)syllable);
}

/* The terms ending at `node`, over tokens start .. pos - 1 with `typos` typos. */
static int consider(Walk *walk, int32_t node, Py_ssize_t start, Py_ssize_t pos, int typos)
{
    Walker *w = walk->walker;
    int n = (int)(pos - start);
    const int32_t *tokens = walk->tokens + start;
    for (int32_t at = w->node_entries_at[node]; at < w->node_entries_at[node + 1]; at++) {
        int32_t entry = w->node_entries.items[at];
        uint8_t flags = w->entry_flags[entry];
        if (typos > (flags >> TYPOS_SHIFT))
            continue;
        int32_t first = w->entry_at[entry];
        if (n > 1) {
            if (walk->seps == NULL) {
                if (!(flags & SPACED))
                    continue;
            } else {
                const int32_t *seps = w->entry_seps.items + (first - entry);
                int same = 1;
                for (int k = 0; k < n - 1 && same; k++)
                    same = seps[k] == walk->seps[start + k];
                if (!same)
                    continue;
            }
        }
        const int32_t *written = w->entry_tokens.items + first;
        int same = 1;
        for (int k = 0; k < n && same; k++)
            same = tokens[k] == written[k];
        if (same) {
            if (add(walk, start, n, entry, SAME_TOKENS) < 0)
                return -1;
            continue;
        }
        const int32_t *lower = w->entry_lower.items + first;
        same = 1;
        for (int k = 0; k < n && same; k++)
            same = w->token_lower.items[tokens[k]] == lower[k];
        if (same) {
            if (add(walk, start, n, entry, SAME_LOWER) < 0)
                return -1;
            continue;
        }
        if ((flags & LOOSE) && add(walk, start, n, entry, OTHER) < 0)
            return -1;
    }
    return 0;
}

/* The children `token` may stand for as a typo below `node`: *count of them. */
static inline const int32_t *typos_of(const Walker *w, int32_t node, int32_t token,
                                      int32_t *count)
{
    int32_t offset =
        (w->typo_parents.items[token] & bloom_bit(node))
            ? table_get(&w->typos, (uint64_t)token * (uint64_t)w->nodes + (uint64_t)node)
            : -1;
    if (offset < 0) {
        *count = 0;
        return NULL;
    }
    *count = w->typo_blocks.items[offset];
    return w->typo_blocks.items + offset + 1;
}

static int by_pair(const void *a, const void *b)
{
    const int32_t *x = a, *y = b;
    if (x[0] != y[0])
        return x[0] < y[0] ? -1 : 1;
    return x[1] < y[1] ? -1 : x[1] > y[1];
}

/* (key, node) pairs, sorted here, stored as one block per key in `blocks`
 * (count, then the nodes, each once), found in `table` by base * scale + key. */
static int store_groups(Table *table, Ints *blocks, int32_t *pairs, Py_ssize_t n, int32_t base,
                        int32_t scale, uint64_t *bloom)
{
    qsort(pairs, n, 2 * sizeof(int32_t), by_pair);
    int status = table_reserve(table, n);
    for (Py_ssize_t k = 0; k < n && status == 0;) {
        int32_t key = pairs[2 * k];
        Py_ssize_t at = blocks->size;
        status = ints_push(blocks, 0);
        for (; k < n && pairs[2 * k] == key && status == 0; k++) {
            if (k && pairs[2 * k - 2] == key && pairs[2 * k - 1] == pairs[2 * k + 1])
                continue; /* the same node again */
            status = ints_push(blocks, pairs[2 * k + 1]);
            blocks->items[at]++;
        }
        if (status == 0) {
            table_put(table, (uint64_t)base * (uint64_t)scale + (uint64_t)key, (int32_t)at);
            *bloom |= bloom_bit(key);
        }
    }
    return status;
}

/* Index a token's typo steps: the edges spelled as the term syllables it may be
 * a typo of, grouped by parent (two syllables folding alike share a child:
 * each child once). */
static int index_typos(Walker *w, int32_t token, const int32_t *words, Py_ssize_t count)
{
    Py_ssize_t pairs = 0;
    for (Py_ssize_t k = 0; k < count; k++)
        pairs += w->word_edges_at[words[k] + 1] - w->word_edges_at[words[k]];
    if (!pairs)
        return 0;
    int32_t *edges = PyMem_Malloc(2 * pairs * sizeof(int32_t));
    if (!edges) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t n = 0;
    for (Py_ssize_t k = 0; k < count; k++)
        for (int32_t e = w->word_edges_at[words[k]]; e < w->word_edges_at[words[k] + 1]; e++) {
            edges[2 * n] = w->edge_parent.items[e];
            edges[2 * n + 1] = w->edge_child.items[e];
            n++;
        }
    int status = store_groups(&w->typos, &w->typo_blocks, edges, n, token, w->nodes,
                              &w->typo_parents.items[token]);
    PyMem_Free(edges);
    return status;
}

/* The walk is at `node` having read tokens start .. pos - 1 with `subs` typos. */
static int reached(Walk *walk, int32_t node, Py_ssize_t start, Py_ssize_t pos, int subs)
{
    Walker *w = walk->walker;
    if (w->node_entries_at[node] < w->node_entries_at[node + 1] &&
        consider(walk, node, start, pos, subs) < 0)
        return -1;
    if (pos == walk->size || !w->has_children[node])
        return 0;
    if (subs < w->max_subs[node]) {
        int32_t token = walk->tokens[pos];
        int32_t child = child_of(w, node, w->token_syllable.items[token]);
        if (child >= 0 && reached(walk, child, start, pos + 1, subs) < 0)
            return -1;
        /* A second wrong syllable only after a right one. */
        if (subs == 0 || pos - start > subs) {
            int32_t count;
            const int32_t *typos = typos_of(w, node, token, &count);
            for (int32_t k = 0; k < count; k++)
                if (w->max_subs[typos[k]] > subs &&
                    reached(walk, typos[k], start, pos + 1, subs + 1) < 0)
                    return -1;
        }
        return 0;
    }
    /* No typo left to take below: follow the right spelling only. */
    for (;;) {
        node = child_of(w, node, w->token_syllable.items[walk->tokens[pos]]);
        if (node < 0)
            return 0;
        pos++;
        if (w->node_entries_at[node] < w->node_entries_at[node + 1] &&
            consider(walk, node, start, pos, subs) < 0)
            return -1;
        if (pos == walk->size)
            return 0;
    }
}

static int32_t *int_array(PyObject *list, Py_ssize_t *size, int32_t limit)
{
    PyObject *seq = PySequence_Fast(list, "expected a list of ints");
    if (!seq)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    int32_t *out = PyMem_Malloc((n ? n : 1) * sizeof(int32_t));
    if (!out) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **items = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t k = 0; k < n; k++) {
        long value = PyLong_AsLong(items[k]);
        if (value == -1 && PyErr_Occurred()) {
            PyMem_Free(out);
            Py_DECREF(seq);
            return NULL;
        }
        if (value < 0 || value >= limit) {
            PyErr_Format(PyExc_ValueError, "id %ld out of range", value);
            PyMem_Free(out);
            Py_DECREF(seq);
            return NULL;
        }
        out[k] = (int32_t)value;
    }
    Py_DECREF(seq);
    *size = n;
    return out;
}

/* An id from one of the memo dicts (token_ids, gap_ids): >= 0, -1 for None,
 * -2 on error. */
static Py_ssize_t id_of(PyObject *memo, PyObject *key, const Py_ssize_t *limit)
{
    PyObject *value = PyObject_GetItem(memo, key);
    if (!value)
        return -2;
    if (value == Py_None) {
        Py_DECREF(value);
        return -1;
    }
    Py_ssize_t id = PyLong_AsSsize_t(value);
    Py_DECREF(value);
    if (id == -1 && PyErr_Occurred())
        return -2;
    if (id < 0 || id >= *limit) { /* read after the lookup, which may add one */
        PyErr_Format(PyExc_ValueError, "id %zd out of range", id);
        return -2;
    }
    return id;
}

static int set_token(Walker *w, Py_ssize_t token, int syllable, int lower, PyObject *words,
                     int tally);

/* A new token's id from the describer in C (set_describer), remembered in
 * token_ids as walker.py's `_token` would; -3 where it leaves the token to
 * token_ids (a character it has no reading of), -2 on error. */
static Py_ssize_t described_id(Walker *w, PyObject *token)
{
    PyObject *known = PyDict_GetItemWithError(w->token_ids, token);
    if (known || PyErr_Occurred())
        return -3; /* (token_ids gives it, as before) */
    PyObject *described = PyObject_CallOneArg(w->describe, token);
    if (!described)
        return -2;
    if (described == Py_None) {
        Py_DECREF(described);
        return -3;
    }
    Py_ssize_t id = -2;
    PyObject *words = NULL, *lower_id = NULL;
    PyObject *lower, *folded, *typos;
    int tally;
    if (!PyArg_ParseTuple(described, "UUO!i", &lower, &folded, &PyTuple_Type, &typos, &tally))
        goto done;
    PyObject *syllable = PyDict_GetItemWithError(w->syllable_map, folded);
    if (!syllable && PyErr_Occurred())
        goto done;
    long syllable_id = syllable ? PyLong_AsLong(syllable) : -1;
    if (syllable_id == -1 && PyErr_Occurred())
        goto done;
    lower_id = PyDict_GetItemWithError(w->lower_map, lower);
    if (lower_id) {
        Py_INCREF(lower_id);
    } else {
        if (PyErr_Occurred() || !(lower_id = PyLong_FromSsize_t(PyDict_GET_SIZE(w->lower_map))) ||
            PyDict_SetItem(w->lower_map, lower, lower_id) < 0)
            goto done;
    }
    long lower_value = PyLong_AsLong(lower_id);
    if (lower_value == -1 && PyErr_Occurred())
        goto done;
    if (!(words = PyList_New(0)))
        goto done;
    for (Py_ssize_t k = 0; k < PyTuple_GET_SIZE(typos); k++) {
        PyObject *word = PyDict_GetItemWithError(w->word_map, PyTuple_GET_ITEM(typos, k));
        if (!word && PyErr_Occurred())
            goto done;
        if (word && PyList_Append(words, word) < 0)
            goto done;
    }
    PyObject *reserved = PyDict_GetItemWithError(w->reserved_map, token);
    if (!reserved && PyErr_Occurred())
        goto done;
    Py_ssize_t at = w->token_syllable.size;
    if (reserved) { /* a term's token, first seen since the walker forgot */
        at = PyLong_AsSsize_t(reserved);
        if (at == -1 && PyErr_Occurred())
            goto done;
        if (at < 0 || at >= w->token_syllable.size || w->token_lower.items[at] != -1) {
            PyErr_SetString(PyExc_ValueError, "a reserved token not waiting");
            goto done;
        }
    }
    if (set_token(w, at, (int)syllable_id, (int)lower_value, words, tally) < 0)
        goto done;
    PyObject *value = PyLong_FromSsize_t(at);
    if (!value)
        goto done;
    int stored = PyDict_SetItem(w->token_ids, token, value);
    Py_DECREF(value);
    if (stored == 0)
        id = at;
done:
    Py_XDECREF(words);
    Py_XDECREF(lower_id);
    Py_DECREF(described);
    return id;
}

/* A token the walker's own index does not hold: its id from token_ids (which
 * makes new ones), then remembered. -1 on error. */
static int32_t new_token(Walker *w, PyObject *text, int kind, const void *data,
                         Py_ssize_t start, Py_ssize_t end, uint64_t key)
{
    PyObject *token = PyUnicode_Substring(text, start, end);
    if (!token)
        return -1;
    Py_ssize_t found = w->describe ? described_id(w, token) : -3;
    if (found == -3)
        found = id_of(w->token_ids, token, &w->token_syllable.size);
    Py_DECREF(token);
    if (found < 0) {
        if (found == -1)
            PyErr_SetString(PyExc_ValueError, "a \\w+ token without an id");
        return -1;
    }
    if (text_index_add(&w->token_text, key, kind, data, start, end, (int32_t)found) < 0)
        return -1;
    return (int32_t)found;
}

/* The id of the token text[start:end]: from the walker's own index of the
 * tokens it has seen (by their characters, no string made), else new_token. */
static inline int32_t token_at(Walker *w, PyObject *text, int kind, const void *data,
                               Py_ssize_t start, Py_ssize_t end)
{
    uint64_t key = chars_key(kind, data, start, end);
    int32_t id = text_index_find(&w->token_text, key, kind, data, start, end);
    return id >= 0 ? id : new_token(w, text, kind, data, start, end, key);
}

/* The text's \w+ tokens: their ids and bounds, and whether one space parts
 * every two (*spaced); -1 on error. Inlined with `kind` a constant, so that
 * reading a character is one load. */
static inline __attribute__((always_inline)) Py_ssize_t
tokenise(Walker *w, PyObject *text, int kind, const void *data, Py_ssize_t length,
         int32_t *tokens, Py_ssize_t *starts, Py_ssize_t *ends, int *spaced)
{
    Py_ssize_t size = 0;
    for (Py_ssize_t at = 0; at < length;) {
        if (!is_word(PyUnicode_READ(kind, data, at))) {
            at++;
            continue;
        }
        Py_ssize_t end = at + 1;
        while (end < length && is_word(PyUnicode_READ(kind, data, end)))
            end++;
        if (size && !(at - ends[size - 1] == 1 && PyUnicode_READ(kind, data, at - 1) == ' '))
            *spaced = 0;
        int32_t id = token_at(w, text, kind, data, at, end);
        if (id < 0)
            return -1;
        tokens[size] = id;
        starts[size] = at;
        ends[size] = end;
        size++;
        at = end;
    }
    return size;
}

/* Whether a method may run now; sets the exception when not. Python code runs
 * in the middle of candidates() (the callbacks): a nested or concurrent call on
 * the same walker is refused rather than let it move arrays under the walk. */
static int usable(Walker *w, int need_entries, int allowed_busy)
{
    if (!w->built) {
        PyErr_SetString(PyExc_RuntimeError,
                        w->initialised ? "this Walker failed mid-update: build a new one"
                                       : "Walker() was not initialised");
        return 0;
    }
    if (need_entries && w->entries < 0) {
        PyErr_SetString(PyExc_RuntimeError, "set_entries_flat() first");
        return 0;
    }
    if (w->busy && w->busy != allowed_busy) {
        PyErr_SetString(PyExc_RuntimeError, "this Walker is in a candidates() call (one at a time)");
        return 0;
    }
    return 1;
}

/* candidates(text) -> ((start, end, first token, tokens, entry, spelled, a, b), ...):
 * the windows of the text's \w+ tokens the walk reaches at a term, in the
 * order it reaches them; separators between tokens are compared by id
 * (gap_ids) unless all are one space. a and b count the tokens of the run
 * (tokens between separators that end one: breaks) of the window's first
 * token with a tally of 1 or more, and of 2. */
static PyObject *Walker_candidates(Walker *w, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "candidates() takes a str");
        return NULL;
    }
    if (!usable(w, 1, 0))
        return NULL;
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    /* Token boundaries: at most one token per two characters. */
    Py_ssize_t room = length / 2 + 1;
    Walk walk = {w, NULL, NULL, 0, NULL, 0, 0};
    PyObject *out = NULL;
    int32_t *tokens = PyMem_Malloc(room * sizeof(int32_t));
    Py_ssize_t *starts = PyMem_Malloc(2 * room * sizeof(Py_ssize_t));
    int32_t *seps = NULL;
    if (!tokens || !starts) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t *ends = starts + room;
    int32_t *run = NULL, *counts = NULL; /* per token its run; per run two counts */
    Py_ssize_t size;
    int spaced = 1;
    w->busy = TOKENISING; /* new tokens may be added (by the token_ids callback) */
    switch (kind) { /* one copy of the loop per width of character */
    case PyUnicode_1BYTE_KIND:
        size = tokenise(w, text, PyUnicode_1BYTE_KIND, data, length, tokens, starts, ends, &spaced);
        break;
    case PyUnicode_2BYTE_KIND:
        size = tokenise(w, text, PyUnicode_2BYTE_KIND, data, length, tokens, starts, ends, &spaced);
        break;
    default:
        size = tokenise(w, text, PyUnicode_4BYTE_KIND, data, length, tokens, starts, ends, &spaced);
    }
    if (size < 0)
        goto done;
    if (size == 0) {
        out = PyTuple_New(0);
        goto done;
    }
    walk.tokens = tokens;
    walk.size = size;
    run = PyMem_Calloc(size, sizeof(int32_t));
    counts = PyMem_Calloc(2 * size, sizeof(int32_t));
    if (!run || !counts) {
        PyErr_NoMemory();
        goto done;
    }
    if (!spaced) {
        seps = PyMem_Malloc(size * sizeof(int32_t));
        if (!seps) {
            PyErr_NoMemory();
            goto done;
        }
        static const Py_ssize_t any = INT32_MAX;
        if (w->space_gap < 0) { /* separators that are spaces, or a dash, share these ids */
            PyObject *space = PyUnicode_FromString(" "), *hyphen = PyUnicode_FromString("-");
            w->space_gap = space ? id_of(w->gap_ids, space, &any) : -2;
            w->hyphen_gap = hyphen && w->space_gap >= 0 ? id_of(w->gap_ids, hyphen, &any) : -2;
            Py_XDECREF(space);
            Py_XDECREF(hyphen);
            if (w->space_gap < 0 || w->hyphen_gap < 0) {
                w->space_gap = w->hyphen_gap = -1;
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_ValueError, "a separator without an id");
                goto done;
            }
        }
        static const Py_ssize_t two = 2;
        for (Py_ssize_t k = 0; k + 1 < size; k++) {
            int gap_is = gap_kind(kind, data, ends[k], starts[k + 1]);
            int one_space =
                starts[k + 1] - ends[k] == 1 && PyUnicode_READ(kind, data, ends[k]) == ' ';
            run[k + 1] = run[k];
            if (gap_is != GAP_OTHER && one_space) {
                seps[k] = (int32_t)w->space_gap;
                continue;
            }
            PyObject *gap = PyUnicode_Substring(text, ends[k], starts[k + 1]);
            Py_ssize_t id = !gap                ? -2
                            : gap_is == GAP_OTHER ? id_of(w->gap_ids, gap, &any)
                            : gap_is == GAP_SPACE ? w->space_gap
                                                  : w->hyphen_gap;
            Py_ssize_t ends_run = id >= 0 ? id_of(w->breaks, gap, &two) : -2;
            Py_XDECREF(gap);
            if (id < 0 || ends_run < 0) {
                if (id == -1 || ends_run == -1)
                    PyErr_SetString(PyExc_ValueError, "a separator without an id");
                goto done;
            }
            seps[k] = (int32_t)id;
            run[k + 1] += (int32_t)ends_run;
        }
        walk.seps = seps;
    }
    for (Py_ssize_t k = 0; k < size; k++) {
        int32_t tally = w->token_tally.items[tokens[k]];
        counts[2 * run[k]] += tally > 0;
        counts[2 * run[k] + 1] += tally > 1;
    }
    w->busy = WALKING; /* from here on the token arrays must not move */
    const int32_t *syllable = w->token_syllable.items;
    for (Py_ssize_t i = 0; i < size; i++) {
        int32_t first = child_of(w, 0, syllable[tokens[i]]);
        if (first >= 0 && w->node_entries_at[first] < w->node_entries_at[first + 1] &&
            consider(&walk, first, i, i + 1, 0) < 0)
            goto done;
        if (i + 1 == size)
            break;
        /* Every longer term starts with two syllables: the second right or a
         * typo after a right first, or a typo of the first before a right second. */
        int32_t count;
        const int32_t *typos;
        if (first >= 0) {
            int32_t node = child_of(w, first, syllable[tokens[i + 1]]);
            if (node >= 0 && reached(&walk, node, i, i + 2, 0) < 0)
                goto done;
            typos = typos_of(w, first, tokens[i + 1], &count);
            for (int32_t k = 0; k < count; k++)
                if (reached(&walk, typos[k], i, i + 2, 1) < 0)
                    goto done;
        }
        /* A typo of the first syllable before a right second: under each of the
         * root's children the token may stand for, the child by the second (in
         * ascending order: the trie numbers children after their parents). Looked
         * up here, not indexed per token: that cost a millisecond a new token
         * with 100,000 terms. */
        int32_t second = syllable[tokens[i + 1]];
        typos = second < 0 ? NULL : typos_of(w, 0, tokens[i], &count);
        for (int32_t k = 0; typos && k < count; k++) {
            int32_t node = child_of(w, typos[k], second);
            if (node >= 0 && reached(&walk, node, i, i + 2, 1) < 0)
                goto done;
        }
    }
    out = PyTuple_New(walk.count);
    if (!out)
        goto done;
    for (Py_ssize_t k = 0; k < walk.count; k++) {
        Found *item = &walk.found[k];
        const int32_t *tallied = counts + 2 * run[item->start];
        Py_ssize_t fields[8] = {starts[item->start], ends[item->start + item->n - 1],
                                item->start,         item->n,
                                item->entry,         item->spelled,
                                tallied[0],          tallied[1]};
        PyObject *candidate = PyTuple_New(8);
        if (!candidate) {
            Py_CLEAR(out);
            goto done;
        }
        PyTuple_SET_ITEM(out, k, candidate);
        for (int f = 0; f < 8; f++) {
            PyObject *value = PyLong_FromSsize_t(fields[f]);
            if (!value) {
                Py_CLEAR(out);
                goto done;
            }
            PyTuple_SET_ITEM(candidate, f, value);
        }
    }
done:
    w->busy = 0;
    PyMem_Free(tokens);
    PyMem_Free(starts);
    PyMem_Free(seps);
    PyMem_Free(run);
    PyMem_Free(counts);
    PyMem_Free(walk.found);
    return out;
}

/* A new token at the end, described later (fill_token): a reserved term token. */
static int push_pending(Walker *w)
{
    return ints_push(&w->token_syllable, -1) < 0 || ints_push(&w->token_lower, -1) < 0 ||
                   ints_push(&w->token_tally, 0) < 0 ||
                   ints_push(&w->token_typo_at, (int32_t)w->typo_words.size) < 0 ||
                   ints_push(&w->token_typo_count, 0) < 0 || blooms_push(&w->typo_parents) < 0
               ? -1
               : 0;
}

/* Describe token `token` (a new one at the end, or a reserved one waiting): its
 * folded syllable id or -1, lower-case id, tally, and the term syllables (word
 * ids) it may be a typo of, whose typo steps are indexed here. */
static int set_token(Walker *w, Py_ssize_t token, int syllable, int lower, PyObject *words,
                     int tally)
{
    if (syllable >= w->syllable_ids || lower < 0 || tally < 0 || tally > 2) {
        PyErr_SetString(PyExc_ValueError, "syllable id, lower id or tally out of range");
        return -1;
    }
    Py_ssize_t count;
    int32_t *ids = int_array(words, &count, w->word_ids);
    if (!ids)
        return -1;
    int failed = token == w->token_syllable.size && push_pending(w) < 0;
    if (!failed) {
        w->token_syllable.items[token] = syllable < 0 ? -1 : syllable;
        w->token_lower.items[token] = lower;
        w->token_tally.items[token] = tally;
        w->token_typo_at.items[token] = (int32_t)w->typo_words.size;
        w->token_typo_count.items[token] = (int32_t)count;
    }
    for (Py_ssize_t k = 0; k < count && !failed; k++)
        failed = ints_push(&w->typo_words, ids[k]) < 0;
    if (!failed)
        failed = index_typos(w, (int32_t)token, ids, count) < 0;
    PyMem_Free(ids);
    if (failed) {
        w->built = 0; /* the token arrays and tables may disagree now */
        return -1;
    }
    return 0;
}

/* add_token(syllable id or -1, lower id, typo word ids, tally) -> token id */
static PyObject *Walker_add_token(Walker *w, PyObject *args)
{
    int syllable, lower, tally;
    PyObject *words;
    if (!PyArg_ParseTuple(args, "iiOi:add_token", &syllable, &lower, &words, &tally))
        return NULL;
    if (!usable(w, 0, TOKENISING))
        return NULL;
    Py_ssize_t token = w->token_syllable.size;
    if (set_token(w, token, syllable, lower, words, tally) < 0)
        return NULL;
    return PyLong_FromSsize_t(token);
}

/* reserve_tokens(n) -> the first id: n tokens whose ids the terms use, each
 * described on first sight in a text (fill_token) and waiting again after
 * forget_tokens(). A glossary's terms have 100,000 tokens and more: describing
 * and indexing them all up front cost most of the time to build a walker. */
static PyObject *Walker_reserve_tokens(Walker *w, PyObject *arg)
{
    Py_ssize_t n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (!usable(w, 0, 0))
        return NULL;
    if (w->entries >= 0 || n < 0 || w->token_syllable.size + n > INT32_MAX) {
        PyErr_SetString(PyExc_ValueError, "reserve_tokens(n): n >= 0, before set_entries_flat()");
        return NULL;
    }
    Py_ssize_t first = w->token_syllable.size;
    for (Py_ssize_t k = 0; k < n; k++)
        if (push_pending(w) < 0) {
            w->built = 0;
            return NULL;
        }
    return PyLong_FromSsize_t(first);
}

/* fill_token(token id, syllable id or -1, lower id, typo word ids, tally): describe
 * a reserved token that is waiting (see reserve_tokens). */
static PyObject *Walker_fill_token(Walker *w, PyObject *args)
{
    Py_ssize_t token;
    int syllable, lower, tally;
    PyObject *words;
    if (!PyArg_ParseTuple(args, "niiOi:fill_token", &token, &syllable, &lower, &words, &tally))
        return NULL;
    if (!usable(w, 0, TOKENISING))
        return NULL;
    if (token < 0 || token >= w->token_syllable.size || w->token_lower.items[token] != -1) {
        PyErr_SetString(PyExc_ValueError, "fill_token: not a reserved token waiting");
        return NULL;
    }
    if (set_token(w, token, syllable, lower, words, tally) < 0)
        return NULL;
    Py_RETURN_NONE;
}

/* set_describer(describe, syllable_ids, word_ids, lower_ids, reserved): new tokens
 * described by `describe` (token -> (lower, folded, typo words, tally) or None),
 * their ids from these dicts, as walker.py's `_token` finds them. */
static PyObject *Walker_set_describer(Walker *w, PyObject *args)
{
    PyObject *describe, *maps[4];
    if (!PyArg_ParseTuple(args, "OO!O!O!O!:set_describer", &describe, &PyDict_Type, &maps[0],
                          &PyDict_Type, &maps[1], &PyDict_Type, &maps[2], &PyDict_Type, &maps[3]))
        return NULL;
    if (!usable(w, 0, 0))
        return NULL;
    if (!PyCallable_Check(describe) || !PyDict_Check(w->token_ids)) {
        PyErr_SetString(PyExc_TypeError, "set_describer: a callable, with token_ids a dict");
        return NULL;
    }
    PyObject **slots[] = {&w->syllable_map, &w->word_map, &w->lower_map, &w->reserved_map};
    Py_INCREF(describe);
    Py_XSETREF(w->describe, describe);
    for (int k = 0; k < 4; k++) {
        Py_INCREF(maps[k]);
        Py_XSETREF(*slots[k], maps[k]);
    }
    Py_RETURN_NONE;
}

static PyObject *entries_set(Walker *w, Py_ssize_t n);

/* What set_entries_flat() does last: the entries are there. */
static PyObject *entries_set(Walker *w, Py_ssize_t n)
{
    w->entries = (int32_t)n;
    w->reserved_tokens = w->token_syllable.size;
    w->reserved_typo_words = w->typo_words.size;
    w->reserved_waiting = PyMem_Malloc(w->reserved_tokens ? w->reserved_tokens : 1);
    if (!w->reserved_waiting)
        return PyErr_NoMemory();
    for (Py_ssize_t token = 0; token < w->reserved_tokens; token++)
        w->reserved_waiting[token] = w->token_lower.items[token] == -1;
    Py_RETURN_NONE;
}

/* Copy a buffer of native int32s into `ints`, each in [0, limit). */
static int ints_from_buffer(Ints *ints, const Py_buffer *view, int32_t limit, const char *what)
{
    Py_ssize_t n = view->len / (Py_ssize_t)sizeof(int32_t);
    if (view->len % (Py_ssize_t)sizeof(int32_t)) {
        PyErr_Format(PyExc_ValueError, "set_entries_flat: %s is not int32s", what);
        return -1;
    }
    for (Py_ssize_t k = 0; k < n; k++) {
        int32_t value;
        memcpy(&value, (const char *)view->buf + k * sizeof(int32_t), sizeof(int32_t));
        if (value < 0 || value >= limit) {
            PyErr_Format(PyExc_ValueError, "set_entries_flat: %s id out of range", what);
            return -1;
        }
        if (ints_push(ints, value) < 0)
            return -1;
    }
    return 0;
}

/* set_entries_flat(at, tokens, lower, seps, flags): the terms' entries, as flat native
 * int32 buffers (bytes): entry e's tokens and lower forms are tokens[at[e]:at[e+1]]
 * and lower[...], its separators seps[at[e] - e : at[e+1] - e - 1]; flags one byte
 * an entry. What a cache gives back without making a tuple an entry. */
static PyObject *Walker_set_entries_flat(Walker *w, PyObject *args)
{
    Py_buffer at, tokens, lower, seps, flags;
    if (!PyArg_ParseTuple(args, "y*y*y*y*y*:set_entries_flat", &at, &tokens, &lower, &seps,
                          &flags))
        return NULL;
    PyObject *result = NULL;
    Py_ssize_t n = flags.len;
    Py_ssize_t total = tokens.len / (Py_ssize_t)sizeof(int32_t);
    if (!usable(w, 0, 0))
        goto done;
    if (w->entries >= 0) {
        PyErr_SetString(PyExc_RuntimeError, "set_entries_flat() runs once");
        goto done;
    }
    if (at.len != (n + 1) * (Py_ssize_t)sizeof(int32_t) || lower.len != tokens.len ||
        seps.len != (total - n) * (Py_ssize_t)sizeof(int32_t) || n > INT32_MAX - 1) {
        PyErr_SetString(PyExc_ValueError, "set_entries_flat: the buffers' sizes differ");
        goto done;
    }
    for (Py_ssize_t k = 0; k < w->node_entries.size; k++)
        if (w->node_entries.items[k] >= n) {
            PyErr_SetString(PyExc_ValueError, "a node's entry id is out of range");
            goto done;
        }
    w->entry_at = PyMem_Malloc((n + 1) * sizeof(int32_t));
    w->entry_flags = PyMem_Malloc(n ? n : 1);
    if (!w->entry_at || !w->entry_flags) {
        PyErr_NoMemory();
        goto done;
    }
    memcpy(w->entry_at, at.buf, (n + 1) * sizeof(int32_t));
    if (w->entry_at[0] != 0 || w->entry_at[n] != total) {
        PyErr_SetString(PyExc_ValueError, "set_entries_flat: bad offsets");
        goto done;
    }
    for (Py_ssize_t e = 0; e < n; e++)
        if (w->entry_at[e + 1] - w->entry_at[e] < 1) { /* every entry has a token */
            PyErr_SetString(PyExc_ValueError, "set_entries_flat: bad offsets");
            goto done;
        }
    memcpy(w->entry_flags, flags.buf, n);
    if (ints_from_buffer(&w->entry_tokens, &tokens, (int32_t)w->token_syllable.size, "token") <
            0 ||
        ints_from_buffer(&w->entry_lower, &lower, INT32_MAX, "lower") < 0 ||
        ints_from_buffer(&w->entry_seps, &seps, INT32_MAX, "separator") < 0)
        goto done;
    result = entries_set(w, n);
done:
    if (!result && w->entries < 0) { /* nothing half set: the entries stay unset */
        PyMem_Free(w->entry_at);
        PyMem_Free(w->entry_flags);
        w->entry_at = NULL;
        w->entry_flags = NULL;
        w->entry_tokens.size = w->entry_lower.size = w->entry_seps.size = 0;
    }
    PyBuffer_Release(&at);
    PyBuffer_Release(&tokens);
    PyBuffer_Release(&lower);
    PyBuffer_Release(&seps);
    PyBuffer_Release(&flags);
    return result;
}

/* forget_tokens(): back to the tokens the terms are made of (ids stay valid for those). */
static PyObject *Walker_forget_tokens(Walker *w, PyObject *Py_UNUSED(ignored))
{
    if (!usable(w, 1, 0))
        return NULL;
    w->token_syllable.size = w->reserved_tokens;
    w->token_lower.size = w->reserved_tokens;
    w->token_tally.size = w->reserved_tokens;
    w->token_typo_at.size = w->reserved_tokens;
    w->token_typo_count.size = w->reserved_tokens;
    w->typo_words.size = w->reserved_typo_words;
    text_index_empty(&w->token_text);
    table_empty(&w->typos);
    w->typo_blocks.size = 0;
    w->typo_parents.size = w->reserved_tokens;
    for (Py_ssize_t token = 0; token < w->reserved_tokens; token++) {
        w->typo_parents.items[token] = 0;
        if (w->reserved_waiting[token]) { /* described since: waiting again */
            w->token_syllable.items[token] = w->token_lower.items[token] = -1;
            w->token_tally.items[token] = w->token_typo_count.items[token] = 0;
            w->token_typo_at.items[token] = 0;
        }
    }
    for (Py_ssize_t token = 0; token < w->reserved_tokens; token++) {
        if (w->reserved_waiting[token])
            continue;
        if (index_typos(w, (int32_t)token, w->typo_words.items + w->token_typo_at.items[token],
                        w->token_typo_count.items[token]) < 0) {
            w->built = 0;
            return NULL;
        }
    }
    Py_RETURN_NONE;
}

static PyObject *Walker_tokens(Walker *w, void *Py_UNUSED(closure))
{
    return PyLong_FromSsize_t(w->token_syllable.size);
}

/* Walker(nodes, syllable_ids, word_ids, children, typo_edges, node_entries,
 *        max_subs, token_ids, gap_ids, breaks)
 * children: native int32 (parent, syllable id, child) triples, as bytes;
 * typo_edges: native int32 (word id, parent, child) triples, as bytes, by word id;
 * node_entries: [[entry, ...] per node]; max_subs: [int per node];
 * token_ids, gap_ids: mappings that make an id on first sight (token: None if not a word);
 * breaks: separator as written -> 1 where it ends a run of tokens (asked of separators
 * other than one space). */
static int Walker_init(Walker *w, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *children, *typo_edges, *node_entries, *max_subs, *token_ids, *gap_ids, *breaks;
    int nodes, syllable_ids, word_ids;
    if (!PyArg_ParseTuple(args, "iiiOOOOOOO:Walker", &nodes, &syllable_ids, &word_ids,
                          &children, &typo_edges, &node_entries, &max_subs, &token_ids, &gap_ids,
                          &breaks))
        return -1;
    if (w->initialised) {
        PyErr_SetString(PyExc_RuntimeError, "a Walker is built once");
        return -1;
    }
    w->initialised = 1;
    if (nodes < 1 || syllable_ids < 0 || word_ids < 0) {
        PyErr_SetString(PyExc_ValueError, "Walker: bad arguments");
        return -1;
    }
    w->entries = -1;
    w->syllable_ids = syllable_ids > 0 ? syllable_ids : 1;
    w->word_ids = word_ids > 0 ? word_ids : 1;
    Py_INCREF(token_ids);
    w->token_ids = token_ids;
    Py_INCREF(gap_ids);
    w->gap_ids = gap_ids;
    Py_INCREF(breaks);
    w->breaks = breaks;
    w->space_gap = w->hyphen_gap = -1;
    if (text_index_init(&w->token_text, 1024) < 0) {
        PyErr_NoMemory();
        return -1;
    }

    PyObject *seq = NULL;
    w->max_subs = PyMem_Calloc(nodes, 1);
    w->has_children = PyMem_Calloc(nodes, 1);
    w->node_entries_at = PyMem_Calloc(nodes + 1, sizeof(int32_t));
    if (!w->max_subs || !w->has_children || !w->node_entries_at) {
        PyErr_NoMemory();
        return -1;
    }
    w->nodes = nodes;

    /* children: (parent, syllable, child) as one bytes object of native int32
     * triples (`compile_terms`; what a cache gives back without a tuple an edge). */
    if (!PyBytes_Check(children) ||
        PyBytes_GET_SIZE(children) % (3 * (Py_ssize_t)sizeof(int32_t))) {
        PyErr_SetString(PyExc_ValueError, "children: not int32 triples");
        goto fail;
    }
    Py_ssize_t edges_count = PyBytes_GET_SIZE(children) / (3 * (Py_ssize_t)sizeof(int32_t));
    if (table_init(&w->child, edges_count) < 0)
        goto fail;
    w->root_child = PyMem_Malloc(w->syllable_ids * sizeof(int32_t));
    if (!w->root_child) {
        PyErr_NoMemory();
        goto fail;
    }
    memset(w->root_child, 0xff, w->syllable_ids * sizeof(int32_t));
    for (Py_ssize_t k = 0; k < edges_count; k++) {
        int32_t triple[3];
        memcpy(triple, PyBytes_AS_STRING(children) + k * sizeof(triple), sizeof(triple));
        int32_t parent = triple[0], syllable = triple[1], child = triple[2];
        if (parent < 0 || parent >= nodes || child < 0 || child >= nodes || syllable < 0 ||
            syllable >= w->syllable_ids) {
            PyErr_SetString(PyExc_ValueError, "children: id out of range");
            goto fail;
        }
        table_put(&w->child, (uint64_t)parent * w->syllable_ids + syllable, child);
        w->has_children[parent] = 1;
        if (parent == 0)
            w->root_child[syllable] = child;
    }

    /* The edges by the term syllable they spell: one bytes object of native int32
     * (word, parent, child) triples, by word (`compile_terms`). */
    if (!PyBytes_Check(typo_edges)) {
        PyErr_SetString(PyExc_ValueError, "typo_edges: not int32 triples");
        goto fail;
    }
    Py_ssize_t size = PyBytes_GET_SIZE(typo_edges);
    if (size % (3 * (Py_ssize_t)sizeof(int32_t)) || table_init(&w->typos, 1024) < 0) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "typo_edges: not int32 triples");
        goto fail;
    }
    w->word_edges_at = PyMem_Calloc(w->word_ids + 1, sizeof(int32_t));
    if (!w->word_edges_at) {
        PyErr_NoMemory();
        goto fail;
    }
    int32_t filling = 0; /* the word whose edges come now */
    for (Py_ssize_t k = 0; k < size / (3 * (Py_ssize_t)sizeof(int32_t)); k++) {
        int32_t triple[3];
        memcpy(triple, PyBytes_AS_STRING(typo_edges) + k * sizeof(triple), sizeof(triple));
        if (triple[0] < filling || triple[0] >= word_ids || triple[1] < 0 ||
            triple[1] >= nodes || triple[2] < 0 || triple[2] >= nodes) {
            PyErr_SetString(PyExc_ValueError, "typo_edges: id out of range or order");
            goto fail;
        }
        for (; filling < triple[0]; filling++)
            w->word_edges_at[filling + 1] = (int32_t)w->edge_parent.size;
        if (ints_push(&w->edge_parent, triple[1]) < 0 ||
            ints_push(&w->edge_child, triple[2]) < 0)
            goto fail;
    }
    for (; filling < word_ids; filling++)
        w->word_edges_at[filling + 1] = (int32_t)w->edge_parent.size;

    seq = PySequence_Fast(node_entries, "node_entries: a list");
    if (!seq)
        goto fail;
    if (PySequence_Fast_GET_SIZE(seq) != nodes) {
        PyErr_SetString(PyExc_ValueError, "node_entries: one list per node");
        goto fail;
    }
    for (Py_ssize_t k = 0; k < nodes; k++) {
        Py_ssize_t count;
        int32_t *ids = int_array(PySequence_Fast_GET_ITEM(seq, k), &count, INT32_MAX);
        if (!ids)
            goto fail;
        int failed = 0;
        for (Py_ssize_t c = 0; c < count && !failed; c++)
            failed = ints_push(&w->node_entries, ids[c]) < 0;
        PyMem_Free(ids);
        if (failed)
            goto fail;
        w->node_entries_at[k + 1] = (int32_t)w->node_entries.size;
    }
    Py_CLEAR(seq);

    Py_ssize_t count;
    int32_t *subs = int_array(max_subs, &count, 127);
    if (!subs)
        goto fail;
    if (count != nodes) {
        PyMem_Free(subs);
        PyErr_SetString(PyExc_ValueError, "max_subs: one per node");
        goto fail;
    }
    for (Py_ssize_t k = 0; k < nodes; k++)
        w->max_subs[k] = (int8_t)subs[k];
    PyMem_Free(subs);
    w->built = 1;
    return 0;
fail:
    Py_XDECREF(seq);
    return -1;
}

static int Walker_traverse(Walker *w, visitproc visit, void *arg)
{
    Py_VISIT(w->token_ids);
    Py_VISIT(w->gap_ids);
    Py_VISIT(w->breaks);
    Py_VISIT(w->describe);
    Py_VISIT(w->syllable_map);
    Py_VISIT(w->word_map);
    Py_VISIT(w->lower_map);
    Py_VISIT(w->reserved_map);
    return 0;
}

static int Walker_clear(Walker *w)
{
    Py_CLEAR(w->token_ids);
    Py_CLEAR(w->gap_ids);
    Py_CLEAR(w->breaks);
    Py_CLEAR(w->describe);
    Py_CLEAR(w->syllable_map);
    Py_CLEAR(w->word_map);
    Py_CLEAR(w->lower_map);
    Py_CLEAR(w->reserved_map);
    return 0;
}

static void Walker_dealloc(Walker *w)
{
    PyObject_GC_UnTrack(w);
    Walker_clear(w);
    text_index_free(&w->token_text);
    table_free(&w->child);
    table_free(&w->typos);
    PyMem_Free(w->root_child);
    PyMem_Free(w->typo_parents.items);
    Ints *arrays[] = {
                      &w->edge_parent,    &w->edge_child,       &w->node_entries,
                      &w->entry_tokens,   &w->entry_lower,      &w->entry_seps,
                      &w->token_syllable, &w->token_lower,      &w->token_typo_at,
                      &w->token_tally,
                      &w->token_typo_count, &w->typo_words,     &w->typo_blocks};
    for (size_t k = 0; k < sizeof(arrays) / sizeof(arrays[0]); k++)
        PyMem_Free(arrays[k]->items);
    PyMem_Free(w->node_entries_at);
    PyMem_Free(w->word_edges_at);
    PyMem_Free(w->max_subs);
    PyMem_Free(w->has_children);
    PyMem_Free(w->entry_at);
    PyMem_Free(w->entry_flags);
    PyMem_Free(w->reserved_waiting);
    Py_TYPE(w)->tp_free((PyObject *)w);
}

static PyMethodDef Walker_methods[] = {
    {"candidates", (PyCFunction)Walker_candidates, METH_O,
     "candidates(text) -> ((start, end, first_token, tokens, entry, spelled, a, b), ...)"},
    {"add_token", (PyCFunction)Walker_add_token, METH_VARARGS,
     "add_token(syllable_id, lower_id, typo_word_ids, tally) -> token id"},
    {"reserve_tokens", (PyCFunction)Walker_reserve_tokens, METH_O,
     "reserve_tokens(n) -> the first id of n tokens described later (fill_token)"},
    {"fill_token", (PyCFunction)Walker_fill_token, METH_VARARGS,
     "fill_token(token_id, syllable_id, lower_id, typo_word_ids, tally)"},
    {"set_entries_flat", (PyCFunction)Walker_set_entries_flat, METH_VARARGS,
     "set_entries_flat(at, tokens, lower, seps, flags): the terms' entries as int32 buffers"},
    {"set_describer", (PyCFunction)Walker_set_describer, METH_VARARGS,
     "set_describer(describe, syllable_ids, word_ids, lower_ids, reserved_ids)"},
    {"forget_tokens", (PyCFunction)Walker_forget_tokens, METH_NOARGS,
     "forget the tokens added after set_entries_flat()"},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef Walker_getset[] = {
    {"tokens", (getter)Walker_tokens, NULL, "tokens known", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyTypeObject WalkerType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._walker.Walker",
    .tp_doc = "The aligner's candidate walk over token ids (see accel/walker.py).",
    .tp_basicsize = sizeof(Walker),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)Walker_init,
    .tp_dealloc = (destructor)Walker_dealloc,
    .tp_traverse = (traverseproc)Walker_traverse,
    .tp_clear = (inquiry)Walker_clear,
    .tp_methods = Walker_methods,
    .tp_getset = Walker_getset,
};

static struct PyModuleDef walker_module = {
    PyModuleDef_HEAD_INIT, "_walker", "The aligner's candidate walk in C (see accel/walker.py).", -1,
    NULL, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__walker(void)
{
    if (PyType_Ready(&WalkerType) < 0)
        return NULL;
    make_word_bits();
    PyObject *module = PyModule_Create(&walker_module);
    if (!module)
        return NULL;
    Py_INCREF(&WalkerType);
    if (PyModule_AddObject(module, "Walker", (PyObject *)&WalkerType) < 0) {
        Py_DECREF(&WalkerType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
