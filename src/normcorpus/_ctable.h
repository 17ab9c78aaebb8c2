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

typedef struct {
    uint64_t *keys;
    int32_t *values;
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
    table->keys = PyMem_Malloc(capacity * sizeof(uint64_t));
    table->values = PyMem_Malloc(capacity * sizeof(int32_t));
    if (!table->keys || !table->values)
        return -1;
    memset(table->keys, 0xff, capacity * sizeof(uint64_t));
    table->mask = capacity - 1;
    table->used = 0;
    return 0;
}

static inline void table_free(Table *table)
{
    PyMem_Free(table->keys);
    PyMem_Free(table->values);
    table->keys = NULL;
    table->values = NULL;
}

static inline void table_put(Table *table, uint64_t key, int32_t value)
{
    size_t slot = slot_of(table, key);
    while (table->keys[slot] != NO_KEY && table->keys[slot] != key)
        slot = (slot + 1) & table->mask;
    table->used += table->keys[slot] == NO_KEY;
    table->keys[slot] = key;
    table->values[slot] = value;
}

/* Room for `more` keys at most half full, rehashing into a larger table if need be. */
static inline int table_reserve(Table *table, size_t more)
{
    if (2 * (table->used + more) + 2 <= table->mask + 1)
        return 0;
    Table grown;
    if (table_init(&grown, 2 * (table->used + more)) < 0) {
        PyMem_Free(grown.keys);
        PyMem_Free(grown.values);
        PyErr_NoMemory();
        return -1;
    }
    for (size_t slot = 0; slot <= table->mask; slot++)
        if (table->keys[slot] != NO_KEY)
            table_put(&grown, table->keys[slot], table->values[slot]);
    table_free(table);
    *table = grown;
    return 0;
}

static inline void table_empty(Table *table)
{
    memset(table->keys, 0xff, (table->mask + 1) * sizeof(uint64_t));
    table->used = 0;
}

static inline int32_t table_get(const Table *table, uint64_t key)
{
    size_t slot = slot_of(table, key);
    for (;;) {
        uint64_t have = table->keys[slot];
        if (have == key)
            return table->values[slot];
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

/* Whether `known` holds the same characters as text[start:end]. */
static inline int same_chars(PyObject *known, int kind, const void *data, Py_ssize_t start,
                             Py_ssize_t end)
{
    Py_ssize_t length = end - start;
    if (PyUnicode_GET_LENGTH(known) != length)
        return 0;
    int known_kind = PyUnicode_KIND(known);
    const void *known_data = PyUnicode_DATA(known);
    for (Py_ssize_t k = 0; k < length; k++)
        if (PyUnicode_READ(known_kind, known_data, k) != PyUnicode_READ(kind, data, start + k))
            return 0;
    return 1;
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
