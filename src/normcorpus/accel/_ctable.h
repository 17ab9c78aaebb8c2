/* Pieces the C extensions share (normcorpus._walker, normcorpus._english):
 * a hash table from 64-bit keys to int32 values, a hash of a run of a str's
 * characters, and the regex \w character class. Each extension gets its own
 * (static) copy.
 */
#ifndef NORMCORPUS_CTABLE_H
#define NORMCORPUS_CTABLE_H

#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- a hash table: uint64 key -> int32 value (open addressing) ---------- */

#define NO_KEY UINT64_MAX

/* A key and its value side by side: a look-up touches one cache line. */
typedef struct {
    uint64_t key;
    int32_t value;
} Slot;

typedef struct {
    Slot *slots;
    size_t mask, used;
    int shift; /* 64 - log2(capacity): slots by Fibonacci hashing */
} Table;

static inline size_t slot_of(const Table *table, uint64_t key)
{
    return (size_t)((key * 0x9e3779b97f4a7c15ULL) >> table->shift);
}

static inline uint64_t mix(uint64_t k)
{
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    return k;
}

static inline int table_init(Table *table, size_t count)
{
    size_t capacity = 16;
    int bits = 4;
    while (capacity < 2 * count + 2) {
        capacity <<= 1;
        bits++;
    }
    table->shift = 64 - bits;
    table->slots = PyMem_Malloc(capacity * sizeof(Slot));
    if (!table->slots)
        return -1;
    for (size_t slot = 0; slot < capacity; slot++)
        table->slots[slot].key = NO_KEY;
    table->mask = capacity - 1;
    table->used = 0;
    return 0;
}

static inline void table_free(Table *table)
{
    PyMem_Free(table->slots);
    table->slots = NULL;
}

static inline void table_put(Table *table, uint64_t key, int32_t value)
{
    size_t slot = slot_of(table, key);
    while (table->slots[slot].key != NO_KEY && table->slots[slot].key != key)
        slot = (slot + 1) & table->mask;
    table->used += table->slots[slot].key == NO_KEY;
    table->slots[slot].key = key;
    table->slots[slot].value = value;
}

/* Room for `more` keys at most half full, rehashing into a larger table if need be. */
static inline int table_reserve(Table *table, size_t more)
{
    if (2 * (table->used + more) + 2 <= table->mask + 1)
        return 0;
    Table grown;
    if (table_init(&grown, 2 * (table->used + more)) < 0) {
        PyErr_NoMemory();
        return -1;
    }
    for (size_t slot = 0; slot <= table->mask; slot++)
        if (table->slots[slot].key != NO_KEY)
            table_put(&grown, table->slots[slot].key, table->slots[slot].value);
    table_free(table);
    *table = grown;
    return 0;
}

static inline void table_empty(Table *table)
{
    for (size_t slot = 0; slot <= table->mask; slot++)
        table->slots[slot].key = NO_KEY;
    table->used = 0;
}

static inline int32_t table_get(const Table *table, uint64_t key)
{
    size_t slot = slot_of(table, key);
    for (;;) {
        uint64_t have = table->slots[slot].key;
        if (have == key)
            return table->slots[slot].value;
        if (have == NO_KEY)
            return -1;
        slot = (slot + 1) & table->mask;
    }
}

/* The key of the characters text[start:end] (never NO_KEY). */
static inline uint64_t chars_key(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    uint64_t hash = 1469598103934665603ULL;
    for (Py_ssize_t k = start; k < end; k++)
        hash = (hash ^ PyUnicode_READ(kind, data, k)) * 1099511628211ULL;
    hash = mix(hash ^ (uint64_t)(end - start));
    return hash == NO_KEY ? 0 : hash;
}

/* ---- separators between words ------------------------------------------- */

static inline int is_dash(Py_UCS4 ch)
{
    /* The dashes normalize.separator makes `-`. */
    return ch == '-' || ch == 0x2013 || ch == 0x2014 || ch == 0x2010 || ch == 0x2011 ||
           ch == 0x2212;
}

#define GAP_SPACE 0  /* only whitespace: the separator core "" */
#define GAP_HYPHEN 1 /* whitespace and one dash: the core "-" */
#define GAP_OTHER 2  /* anything else: its core is worked out character by character */

/* What kind of separator text[start:end] is (normalize.separator, in short). */
static inline int gap_kind(int kind, const void *data, Py_ssize_t start, Py_ssize_t end)
{
    int marks = 0, dashes = 0; /* characters that are not whitespace; dashes among them */
    for (Py_ssize_t k = start; k < end && marks < 2; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (!Py_UNICODE_ISSPACE(ch)) {
            marks++;
            dashes += is_dash(ch);
        }
    }
    return marks == 0 ? GAP_SPACE : marks == 1 && dashes == 1 ? GAP_HYPHEN : GAP_OTHER;
}

/* ---- strings by their characters: text[start:end] -> id ------------------- */

/* The characters of every string indexed are kept one after the other (not
 * as str objects spread over the heap), so that telling a string from
 * another with its hash reads memory the processor likely holds. */
typedef struct {
    Table table;      /* chars_key -> id */
    Py_UCS4 *chars;   /* the strings' characters */
    Py_ssize_t chars_used, chars_room;
    Py_ssize_t *at;   /* per id: where its characters start (-1: none) */
    int32_t *length;  /* per id: how many */
    Py_ssize_t ids_room;
} TextIndex;

static inline int text_index_init(TextIndex *index, size_t count)
{
    memset(index, 0, sizeof(TextIndex));
    return table_init(&index->table, count);
}

static inline void text_index_free(TextIndex *index)
{
    table_free(&index->table);
    PyMem_Free(index->chars);
    PyMem_Free(index->at);
    PyMem_Free(index->length);
    index->chars = NULL;
    index->at = NULL;
    index->length = NULL;
    index->chars_used = index->chars_room = index->ids_room = 0;
}

/* Forget every string (ids may be given again). */
static inline void text_index_empty(TextIndex *index)
{
    if (index->table.slots)
        table_empty(&index->table);
    for (Py_ssize_t id = 0; id < index->ids_room; id++)
        index->at[id] = -1;
    index->chars_used = 0;
}

/* The id of text[start:end] (its key: chars_key), or -1. */
static inline int32_t text_index_find(const TextIndex *index, uint64_t key, int kind,
                                      const void *data, Py_ssize_t start, Py_ssize_t end)
{
    int32_t id = table_get(&index->table, key);
    if (id < 0 || id >= index->ids_room || index->at[id] < 0 || index->length[id] != end - start)
        return -1;
    const Py_UCS4 *chars = index->chars + index->at[id];
    for (Py_ssize_t k = start; k < end; k++)
        if (*chars++ != PyUnicode_READ(kind, data, k))
            return -1;
    return id;
}

/* Remember text[start:end] as `id`, unless another string has its key or the
 * id already has one (then it is only found through the caller's own memo).
 * 1 when remembered, 0 when not, -1 on error (no memory). */
static inline int text_index_add(TextIndex *index, uint64_t key, int kind, const void *data,
                                 Py_ssize_t start, Py_ssize_t end, int32_t id)
{
    Py_ssize_t length = end - start;
    if (id < 0 || length > INT32_MAX || table_get(&index->table, key) >= 0)
        return 0;
    if (id >= index->ids_room) {
        Py_ssize_t room = index->ids_room ? index->ids_room : 1024;
        while (room <= id)
            room *= 2;
        Py_ssize_t *at = PyMem_Realloc(index->at, room * sizeof(Py_ssize_t));
        if (!at)
            goto no_memory;
        index->at = at;
        int32_t *lengths = PyMem_Realloc(index->length, room * sizeof(int32_t));
        if (!lengths)
            goto no_memory;
        index->length = lengths;
        for (Py_ssize_t k = index->ids_room; k < room; k++)
            index->at[k] = -1;
        index->ids_room = room;
    }
    if (index->at[id] >= 0)
        return 0;
    if (index->chars_used + length > index->chars_room) {
        Py_ssize_t room = index->chars_room ? index->chars_room : 16384;
        while (room < index->chars_used + length)
            room *= 2;
        Py_UCS4 *chars = PyMem_Realloc(index->chars, room * sizeof(Py_UCS4));
        if (!chars)
            goto no_memory;
        index->chars = chars;
        index->chars_room = room;
    }
    if (table_reserve(&index->table, 1) < 0)
        return -1;
    for (Py_ssize_t k = 0; k < length; k++)
        index->chars[index->chars_used + k] = PyUnicode_READ(kind, data, start + k);
    index->at[id] = index->chars_used;
    index->length[id] = (int32_t)length;
    index->chars_used += length;
    table_put(&index->table, key, id);
    return 1;
no_memory:
    PyErr_NoMemory();
    return -1;
}

/* As the regex \w does: a letter, a digit or a number, or the underscore;
 * looked up in a bit table for the Basic Multilingual Plane (made at import). */
static uint8_t word_bits[0x10000 / 8];

static inline void make_word_bits(void)
{
    for (Py_UCS4 ch = 0; ch < 0x10000; ch++)
        if (Py_UNICODE_ISALNUM(ch) || ch == '_')
            word_bits[ch >> 3] |= (uint8_t)(1 << (ch & 7));
}

static inline int is_word(Py_UCS4 ch)
{
    if (ch < 0x10000)
        return (word_bits[ch >> 3] >> (ch & 7)) & 1;
    return Py_UNICODE_ISALNUM(ch) || ch == '_';
}

#endif
