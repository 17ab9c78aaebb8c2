/* Questions about a text answered in one pass, in C (normcorpus.accel._textpass): see textpass.py.
 *
 * `may_begin_next(text)` is False only when no word of `text.lower().split()`
 * begins the word after it (`str.startswith`): the words are the runs of
 * characters that are not whitespace (`Py_UNICODE_ISSPACE`, what `str.split()`
 * splits on; lower-casing never makes nor unmakes whitespace), compared
 * character by character lower-cased (`Py_UNICODE_TOLOWER`: one character for
 * one, which is `str.lower`'s mapping for every character but the two below).
 * Where a compared character is U+0130 (lower-cased to two characters) or
 * U+03A3 (lower-cased by its neighbours: final sigma) it answers True: True
 * says nothing, the caller asks its own rule.
 *
 * `AnyOf(chars).present(text)` is whether any character of `chars` stands in
 * `text` (`any(c in text for c in chars)`, in one pass); `find(text, start)` is
 * where the first of them stands at or after `start` (-1: none), what a regex
 * led by a character class finds at a tenth of its cost; `which(text)` says
 * which of them, as bits: bit k for `chars[k]`, then two spaces in a row,
 * leading and trailing whitespace (`str.isspace`: Py_UNICODE_ISSPACE; at most
 * 61 characters), then, with `AnyOf(chars, twice)`, the ASCII character
 * `twice` standing twice in a row (at most 60 characters then). No
 * linguistics lives here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* Characters whose lower case is not Py_UNICODE_TOLOWER's one character. */
static inline int unsure(Py_UCS4 ch)
{
    return ch == 0x0130 || ch == 0x03A3;
}

/* may_begin_next's pass, inlined with `kind` a constant (reading a character is one load). */
static inline __attribute__((always_inline)) int begins_next(int kind, const void *data,
                                                             Py_ssize_t length)
{
    Py_ssize_t at = 0, previous = -1, previous_end = -1;
    for (;;) {
        while (at < length && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at)))
            at++;
        if (at >= length)
            return 0;
        Py_ssize_t start = at;
        while (at < length && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at)))
            at++;
        if (previous >= 0) {
            /* Does this word (start..at) begin with the previous one, lower-cased? */
            Py_ssize_t k = 0, size = previous_end - previous;
            for (;; k++) {
                if (k == size)
                    return 1; /* the previous word begins this one */
                if (start + k == at)
                    break; /* this word is shorter: one character lowers to one */
                Py_UCS4 a = PyUnicode_READ(kind, data, previous + k);
                Py_UCS4 b = PyUnicode_READ(kind, data, start + k);
                if (a == b && a < 128)
                    continue;
                if (unsure(a) || unsure(b))
                    return 1;
                if (a != b && Py_UNICODE_TOLOWER(a) != Py_UNICODE_TOLOWER(b))
                    break;
            }
        }
        previous = start;
        previous_end = at;
    }
}

static PyObject *may_begin_next(PyObject *Py_UNUSED(module), PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "may_begin_next: a str is needed");
        return NULL;
    }
    if (PyUnicode_READY(text) < 0)
        return NULL;
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int found;
    switch (PyUnicode_KIND(text)) { /* one copy of the pass per width of character */
    case PyUnicode_1BYTE_KIND:
        found = begins_next(PyUnicode_1BYTE_KIND, data, length);
        break;
    case PyUnicode_2BYTE_KIND:
        found = begins_next(PyUnicode_2BYTE_KIND, data, length);
        break;
    default:
        found = begins_next(PyUnicode_4BYTE_KIND, data, length);
    }
    return PyBool_FromLong(found);
}

/* AnyOf(chars): `present(text)`, `find(text, start)`, `which(text)` (above). */
typedef struct {
    PyObject_HEAD
    unsigned char latin1[256]; /* the characters of `chars` below 256 (one look-up a char) */
    int wide;                  /* whether `chars` has any at or above 256 */
    Py_UCS4 *others;          /* the others */
    Py_ssize_t count;
    Py_UCS4 lowest;           /* the lowest of the others (0x110000: none) */
    /* for `which`: the bits of each character below 256 and of each other one,
     * and a filter of those from 256 on by their low byte (most wide characters
     * are none) */
    unsigned long long low_bits[256];
    unsigned long long *other_bits;
    unsigned long long filter[4];
    Py_ssize_t length; /* of `chars`: the bits past it are the spaces' */
    int twice;         /* whether a `twice` character was given */
} AnyOf;

#define WHICH_MAX 61
#define SPACE_MARK (1ULL << 63) /* in the space's entry (no character has bit 63) */
#define TWICE_MARK (1ULL << 62) /* in the `twice` character's (nor bit 62) */

static int AnyOf_init(AnyOf *self, PyObject *args, PyObject *kwds)
{
    PyObject *chars, *twice = NULL;
    static char *keywords[] = {"chars", "twice", NULL};
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "U|U", keywords, &chars, &twice))
        return -1;
    Py_UCS4 doubled = 0;
    if (twice && PyUnicode_GET_LENGTH(twice) > 0) {
        doubled = PyUnicode_READ_CHAR(twice, 0);
        if (PyUnicode_GET_LENGTH(twice) != 1 || doubled >= 128 || doubled == ' ') {
            PyErr_SetString(PyExc_ValueError, "twice: one ASCII character, not a space");
            return -1;
        }
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(chars);
    PyMem_Free(self->others);
    PyMem_Free(self->other_bits);
    self->other_bits = NULL;
    self->others = PyMem_Malloc((length + 1) * sizeof(Py_UCS4));
    if (self->others)
        self->other_bits = PyMem_Calloc(length + 1, sizeof(unsigned long long));
    if (!self->others || !self->other_bits) {
        PyMem_Free(self->others);
        self->others = NULL;
        PyErr_NoMemory();
        return -1;
    }
    memset(self->latin1, 0, sizeof self->latin1);
    memset(self->low_bits, 0, sizeof self->low_bits);
    memset(self->filter, 0, sizeof self->filter);
    self->low_bits[' '] = SPACE_MARK;
    self->twice = doubled != 0;
    if (doubled)
        self->low_bits[doubled] |= TWICE_MARK;
    self->count = 0;
    self->lowest = 0x110000;
    self->wide = 0;
    self->length = length;
    for (Py_ssize_t k = 0; k < length; k++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(chars, k);
        /* (past WHICH_MAX characters `which` refuses: no bit to give) */
        unsigned long long bit = k < WHICH_MAX ? 1ULL << k : 0;
        if (ch < 256) {
            self->latin1[ch] = 1;
            self->low_bits[ch] |= bit;
        } else {
            self->wide = 1;
        }
        if (ch < 128)
            continue;
        Py_ssize_t j = 0;
        while (j < self->count && self->others[j] != ch)
            j++;
        if (j == self->count) {
            self->others[self->count++] = ch;
            if (ch < self->lowest)
                self->lowest = ch;
        }
        self->other_bits[j] |= bit;
        if (ch >= 256)
            self->filter[(ch & 0xFF) >> 6] |= 1ULL << (ch & 63);
    }
    return 0;
}

/* `found = pass(self, kind, ...)` with `kind` a constant: one copy of the pass per
 * width of character (reading a character is one load). */
#define BY_KIND(found, pass, kind, ...)                                                \
    switch (kind) {                                                                    \
    case PyUnicode_1BYTE_KIND:                                                         \
        found = pass(self, PyUnicode_1BYTE_KIND, __VA_ARGS__);                         \
        break;                                                                         \
    case PyUnicode_2BYTE_KIND:                                                         \
        found = pass(self, PyUnicode_2BYTE_KIND, __VA_ARGS__);                         \
        break;                                                                         \
    default:                                                                           \
        found = pass(self, PyUnicode_4BYTE_KIND, __VA_ARGS__);                         \
    }

/* Where the first character of `chars` at or after `start` stands (-1: none).
 * Inlined with `kind` a constant (reading a character is one load). */
static inline __attribute__((always_inline)) Py_ssize_t first_of(const AnyOf *self, int kind,
                                                                 const void *data,
                                                                 Py_ssize_t start,
                                                                 Py_ssize_t length)
{
    if (!self->wide) { /* (one look-up a character) */
        const unsigned char *latin1 = self->latin1;
        for (Py_ssize_t k = start; k < length; k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            /* (the table first: a branch that wide and narrow letters in turn,
             * as Vietnamese has them, would mispredict) */
            if (latin1[ch & 0xFF] && ch < 256)
                return k;
        }
        return -1;
    }
    const unsigned char *latin1 = self->latin1;
    for (Py_ssize_t k = start; k < length; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        if (kind == PyUnicode_1BYTE_KIND || ch < 256) {
            if (latin1[ch])
                return k;
        } else if (ch >= self->lowest) {
            for (Py_ssize_t j = 0; j < self->count; j++)
                if (self->others[j] == ch)
                    return k;
        }
    }
    return -1;
}

/* first_of, one copy of the pass per width of character. */
static inline __attribute__((always_inline)) Py_ssize_t first_in(const AnyOf *self, PyObject *text,
                                                                 Py_ssize_t start)
{
    Py_ssize_t length = PyUnicode_GET_LENGTH(text), found;
    const void *data = PyUnicode_DATA(text);
    BY_KIND(found, first_of, PyUnicode_KIND(text), data, start, length)
    return found;
}

/* The checks each pass makes before reading `text`: 0, or -1 with an error set. */
static int readable(const AnyOf *self, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "a str is needed");
        return -1;
    }
    if (!self->others) {
        PyErr_SetString(PyExc_RuntimeError, "AnyOf() was not initialised");
        return -1;
    }
    return PyUnicode_READY(text);
}

/* `which`'s pass, inlined with `kind` a constant: the bits of the characters
 * found, and `spaces` where two spaces stand in a row: a space's entry carries
 * SPACE_MARK, and a character's entry and the one before it are and-ed (no
 * branch on spaces, which a text has at no regular place); the `twice`
 * character's carries TWICE_MARK, read the same way (`spaces << 3`). */
static inline __attribute__((always_inline)) unsigned long long
which(const AnyOf *self, int kind, const void *data, Py_ssize_t length, unsigned long long spaces)
{
    const unsigned long long *low = self->low_bits;
    unsigned long long found = 0, pairs = 0, before = 0;
    for (Py_ssize_t k = 0; k < length; k++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, k);
        unsigned long long entry = 0;
        if (kind == PyUnicode_1BYTE_KIND || ch < 256) { /* (no branch for one-byte text) */
            entry = low[ch];
        } else if (self->filter[(ch & 0xFF) >> 6] >> (ch & 63) & 1) {
            for (Py_ssize_t j = 0; j < self->count; j++)
                if (self->others[j] == ch) {
                    entry = self->other_bits[j];
                    break;
                }
        }
        found |= entry;
        pairs |= entry & before;
        before = entry;
    }
    return (found & ~(SPACE_MARK | TWICE_MARK)) | (pairs & SPACE_MARK ? spaces : 0) |
           (pairs & TWICE_MARK ? spaces << 3 : 0);
}

static PyObject *AnyOf_which(AnyOf *self, PyObject *text)
{
    if (readable(self, text) < 0)
        return NULL;
    if (self->length > WHICH_MAX - self->twice) {
        PyErr_SetString(PyExc_ValueError, "which: at most 61 characters (60 with twice)");
        return NULL;
    }
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    const void *data = PyUnicode_DATA(text);
    int kind = PyUnicode_KIND(text);
    unsigned long long spaces = 1ULL << self->length, found;
    BY_KIND(found, which, kind, data, length, spaces)
    if (length && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, 0)))
        found |= spaces << 1;
    if (length && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, length - 1)))
        found |= spaces << 2;
    return PyLong_FromUnsignedLongLong(found);
}

static PyObject *AnyOf_present(AnyOf *self, PyObject *text)
{
    if (readable(self, text) < 0)
        return NULL;
    return PyBool_FromLong(first_in(self, text, 0) >= 0);
}

/* find(text, start=0): as str.find with a class of characters for its needle
 * (a negative `start` counts from the end, as str.find's does). */
static PyObject *AnyOf_find(AnyOf *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 2) {
        PyErr_SetString(PyExc_TypeError, "find(text, start=0)");
        return NULL;
    }
    PyObject *text = args[0];
    if (readable(self, text) < 0)
        return NULL;
    Py_ssize_t start = 0;
    if (nargs == 2) {
        if (!PyLong_Check(args[1])) {
            PyErr_SetString(PyExc_TypeError, "find: start must be an int");
            return NULL;
        }
        start = PyNumber_AsSsize_t(args[1], NULL); /* clipped, as str.find's start is */
        if (start == -1 && PyErr_Occurred())
            return NULL;
        if (start < 0) {
            start += PyUnicode_GET_LENGTH(text);
            if (start < 0)
                start = 0;
        }
    }
    return PyLong_FromSsize_t(first_in(self, text, start));
}

static void AnyOf_dealloc(AnyOf *self)
{
    PyMem_Free(self->others);
    PyMem_Free(self->other_bits);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMethodDef AnyOf_methods[] = {
    {"present", (PyCFunction)AnyOf_present, METH_O,
     "present(text): whether any character of chars stands in text."},
    {"find", (PyCFunction)(void (*)(void))AnyOf_find, METH_FASTCALL,
     "find(text, start=0): where the first character of chars stands at or after start"
     " (-1: none)."},
    {"which", (PyCFunction)AnyOf_which, METH_O,
     "which(text): bit k where chars[k] stands in text; then bits for two spaces in a row,"
     " leading and trailing whitespace, and the twice character twice in a row."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject AnyOfType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._textpass.AnyOf",
    .tp_doc = "AnyOf(chars, twice=''): questions about which characters a text has"
              " (textpass.py).",
    .tp_basicsize = sizeof(AnyOf),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)AnyOf_init,
    .tp_dealloc = (destructor)AnyOf_dealloc,
    .tp_methods = AnyOf_methods,
};

static PyMethodDef textpass_methods[] = {
    {"may_begin_next", may_begin_next, METH_O,
     "False only when no lower-cased word of the text begins the next one."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef textpass_module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_textpass",
    .m_doc = "Questions about a text in one pass (see textpass.py).",
    .m_size = -1,
    .m_methods = textpass_methods,
};

PyMODINIT_FUNC PyInit__textpass(void)
{
    if (PyType_Ready(&AnyOfType) < 0)
        return NULL;
    PyObject *module = PyModule_Create(&textpass_module);
    if (!module)
        return NULL;
    Py_INCREF(&AnyOfType);
    if (PyModule_AddObject(module, "AnyOf", (PyObject *)&AnyOfType) < 0) {
        Py_DECREF(&AnyOfType);
        Py_DECREF(module);
        return NULL;
    }
    return module;
}
