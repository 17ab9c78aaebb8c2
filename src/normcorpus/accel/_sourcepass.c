/* Questions asked of every Vietnamese source, each in one pass, in C
 * (normcorpus.accel._sourcepass): see sourcepass.py. No linguistics lives here:
 * the characters are the caller's data, and each question is a regex search
 * the caller keeps as its plain rule.
 *
 * `TonePlace(firsts, seconds).found(text)` is whether some character of
 * `seconds[g]` stands right after a character of `firsts[g]` (for some group
 * g) and is followed by neither a \w character (as the regex \w: a letter, a
 * digit or a number, or the underscore) nor a combining diacritic
 * (U+0300..U+036F), or ends the text: what a search of
 * `[S](?<=[F0][S0]|[F1][S1]|...)(?![\w\u0300-\u036f])` finds (S every second).
 *
 * `GluedNote(digits, not_letters).found(text)` is whether a character of
 * `digits` stands right after a letter (\w, not \d, not `_`, not one of
 * `not_letters`), with at most two more of `digits` after it and then no \w
 * character: what a search of `[D](?<=[^\W\d_N][D])[D]{0,2}(?!\w)` finds,
 * the regex's backtracking included.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_ctable.h"

/* The characters a question is given lie below this (Latin and Vietnamese
 * letters, superscript digits): a table of it costs 8 KB. */
enum { LIMIT = 0x2100, GROUPS = 4 };

typedef struct {
    PyObject_HEAD
    /* per character: bit g when it is a first of group g, bit GROUPS + g a second */
    uint8_t flags[LIMIT];
} TonePlace;

static inline int follows_nothing(Py_UCS4 ch)
{
    return !is_word(ch) && !(ch >= 0x0300 && ch <= 0x036F);
}

/* The pass, inlined with `kind` a constant (reading a character is one load). */
static inline __attribute__((always_inline)) int
found(const TonePlace *t, int kind, const void *data, Py_ssize_t length)
{
    for (Py_ssize_t at = 1; at < length; at++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, at);
        if (ch >= LIMIT)
            continue;
        uint8_t second = (uint8_t)(t->flags[ch] >> GROUPS);
        if (!second)
            continue;
        Py_UCS4 before = PyUnicode_READ(kind, data, at - 1);
        if (before >= LIMIT || !(t->flags[before] & second))
            continue;
        if (at + 1 == length || follows_nothing(PyUnicode_READ(kind, data, at + 1)))
            return 1;
    }
    return 0;
}

/* `Name(self, text)`: `pass` over the text, one copy of its loop per width of character. */
#define FOUND_METHOD(Name, Type, pass)                                                           \
    static PyObject *Name(Type *self, PyObject *text)                                             \
    {                                                                                             \
        if (!PyUnicode_Check(text)) {                                                             \
            PyErr_SetString(PyExc_TypeError, "found() takes a str");                              \
            return NULL;                                                                          \
        }                                                                                         \
        if (PyUnicode_READY(text) < 0)                                                            \
            return NULL;                                                                          \
        const void *data = PyUnicode_DATA(text);                                                  \
        Py_ssize_t length = PyUnicode_GET_LENGTH(text);                                           \
        switch (PyUnicode_KIND(text)) {                                                           \
        case PyUnicode_1BYTE_KIND:                                                                \
            return PyBool_FromLong(pass(self, PyUnicode_1BYTE_KIND, data, length));               \
        case PyUnicode_2BYTE_KIND:                                                                \
            return PyBool_FromLong(pass(self, PyUnicode_2BYTE_KIND, data, length));               \
        default:                                                                                  \
            return PyBool_FromLong(pass(self, PyUnicode_4BYTE_KIND, data, length));               \
        }                                                                                         \
    }

FOUND_METHOD(TonePlace_found, TonePlace, found)

/* Each character of `chars` gets `flag`; -1 (an error set) past LIMIT. */
static int flag_chars(uint8_t *flags, PyObject *chars, int flag)
{
    if (!PyUnicode_Check(chars)) {
        PyErr_SetString(PyExc_TypeError, "the characters are given as a str");
        return -1;
    }
    for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(chars, k);
        if (ch >= LIMIT) {
            PyErr_SetString(PyExc_ValueError, "a character past U+20FF");
            return -1;
        }
        flags[ch] |= (uint8_t)flag;
    }
    return 0;
}

/* Each character of each str of `groups` gets `bit` of its group. */
static int set_flags(TonePlace *t, PyObject *groups, int shift)
{
    PyObject *seq = PySequence_Fast(groups, "firsts and seconds are sequences of str");
    if (!seq)
        return -1;
    Py_ssize_t count = PySequence_Fast_GET_SIZE(seq);
    int failed = 0;
    if (count > GROUPS) {
        PyErr_Format(PyExc_ValueError, "at most %d groups", GROUPS);
        failed = 1;
    }
    for (Py_ssize_t g = 0; g < count && !failed; g++)
        failed = flag_chars(t->flags, PySequence_Fast_GET_ITEM(seq, g), 1 << (shift + g)) < 0;
    Py_DECREF(seq);
    return failed ? -1 : 0;
}

static int TonePlace_init(TonePlace *t, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *firsts, *seconds;
    if (!PyArg_ParseTuple(args, "OO", &firsts, &seconds))
        return -1;
    memset(t->flags, 0, sizeof(t->flags));
    if (PyObject_Length(firsts) != PyObject_Length(seconds)) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_ValueError, "as many groups of firsts as of seconds");
        return -1;
    }
    return set_flags(t, firsts, 0) < 0 || set_flags(t, seconds, GROUPS) < 0 ? -1 : 0;
}

/* ---- a footnote number glued to a word ---------------------------------- */

typedef struct {
    PyObject_HEAD
    /* per character below LIMIT: DIGIT (one of `digits`), NOT_LETTER (one of `not_letters`) */
    uint8_t flags[LIMIT];
} GluedNote;

enum { DIGIT = 1, NOT_LETTER = 2 };

static inline int has(const GluedNote *g, Py_UCS4 ch, int flag)
{
    return ch < LIMIT && (g->flags[ch] & flag);
}

static inline int is_letter(const GluedNote *g, Py_UCS4 ch)
{
    return is_word(ch) && !Py_UNICODE_ISDECIMAL(ch) && ch != '_' && !has(g, ch, NOT_LETTER);
}

static inline __attribute__((always_inline)) int
glued(const GluedNote *g, int kind, const void *data, Py_ssize_t length)
{
    for (Py_ssize_t at = 1; at < length; at++) {
        if (!has(g, PyUnicode_READ(kind, data, at), DIGIT) ||
            !is_letter(g, PyUnicode_READ(kind, data, at - 1)))
            continue;
        /* [D]{0,2}, greedy, then (?!\w): the longest run first, then shorter ones. */
        Py_ssize_t more = 0;
        while (more < 2 && at + 1 + more < length &&
               has(g, PyUnicode_READ(kind, data, at + 1 + more), DIGIT))
            more++;
        for (; more >= 0; more--) {
            Py_ssize_t next = at + 1 + more;
            if (next == length || !is_word(PyUnicode_READ(kind, data, next)))
                return 1;
        }
    }
    return 0;
}

FOUND_METHOD(GluedNote_found, GluedNote, glued)

static int GluedNote_init(GluedNote *g, PyObject *args, PyObject *Py_UNUSED(kwds))
{
    PyObject *digits, *not_letters;
    if (!PyArg_ParseTuple(args, "UU", &digits, &not_letters))
        return -1;
    memset(g->flags, 0, sizeof(g->flags));
    return flag_chars(g->flags, digits, DIGIT) < 0 ||
                   flag_chars(g->flags, not_letters, NOT_LETTER) < 0
               ? -1
               : 0;
}

/* A question's type: `Name(...)`, made by Name_init, and its `found(text)`. */
#define QUESTION_TYPE(Name, found_doc, type_doc)                                                 \
    static PyMethodDef Name##_methods[] = {                                                       \
        {"found", (PyCFunction)Name##_found, METH_O, found_doc},                                  \
        {NULL, NULL, 0, NULL},                                                                    \
    };                                                                                            \
    static PyTypeObject Name##Type = {                                                            \
        PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._sourcepass." #Name,           \
        .tp_basicsize = sizeof(Name),                                                             \
        .tp_flags = Py_TPFLAGS_DEFAULT,                                                           \
        .tp_doc = type_doc,                                                                       \
        .tp_new = PyType_GenericNew,                                                              \
        .tp_init = (initproc)Name##_init,                                                         \
        .tp_methods = Name##_methods,                                                             \
    };

QUESTION_TYPE(TonePlace, "Whether a second of a group stands after a first of it, then no word.",
              "TonePlace(firsts, seconds): groups of characters (see sourcepass.py).")
QUESTION_TYPE(GluedNote, "Whether one to three digits stand right after a letter, ending the word.",
              "GluedNote(digits, not_letters): see sourcepass.py.")

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_sourcepass",
    .m_doc = "Questions asked of every Vietnamese source (see sourcepass.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__sourcepass(void)
{
    make_word_bits();
    if (PyType_Ready(&TonePlaceType) < 0 || PyType_Ready(&GluedNoteType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    if (PyModule_AddObjectRef(m, "TonePlace", (PyObject *)&TonePlaceType) < 0 ||
        PyModule_AddObjectRef(m, "GluedNote", (PyObject *)&GluedNoteType) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
