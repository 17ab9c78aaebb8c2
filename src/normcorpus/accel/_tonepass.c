/* Where a tone mark may move, found in one pass, in C (normcorpus.accel._tonepass): see tonepass.py.
 *
 * `TonePlace(firsts, seconds).found(text)` is whether some character of
 * `seconds[g]` stands right after a character of `firsts[g]` (for some group
 * g) and is followed by neither a \w character (as the regex \w: a letter, a
 * digit or a number, or the underscore) nor a combining diacritic
 * (U+0300..U+036F), or ends the text: what a search of the regex
 * `[S](?<=[F0][S0]|[F1][S1]|...)(?![\w\u0300-\u036f])` finds (S every
 * second), which the caller keeps as its plain rule. The characters are the
 * caller's data; no linguistics lives here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#include "_ctable.h"

/* Characters a group may name lie below this (Latin and Vietnamese letters);
 * a table of it costs 8 KB. */
enum { LIMIT = 0x2000, GROUPS = 4 };

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

static PyObject *TonePlace_found(TonePlace *t, PyObject *text)
{
    if (!PyUnicode_Check(text)) {
        PyErr_SetString(PyExc_TypeError, "found() takes a str");
        return NULL;
    }
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t length = PyUnicode_GET_LENGTH(text);
    int yes;
    switch (kind) { /* one copy of the loop per width of character */
    case PyUnicode_1BYTE_KIND:
        yes = found(t, PyUnicode_1BYTE_KIND, data, length);
        break;
    case PyUnicode_2BYTE_KIND:
        yes = found(t, PyUnicode_2BYTE_KIND, data, length);
        break;
    default:
        yes = found(t, PyUnicode_4BYTE_KIND, data, length);
    }
    return PyBool_FromLong(yes);
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
    for (Py_ssize_t g = 0; g < count && !failed; g++) {
        PyObject *chars = PySequence_Fast_GET_ITEM(seq, g);
        if (!PyUnicode_Check(chars)) {
            PyErr_SetString(PyExc_TypeError, "a group is a str of characters");
            failed = 1;
            break;
        }
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(chars); k++) {
            Py_UCS4 ch = PyUnicode_READ_CHAR(chars, k);
            if (ch >= LIMIT) {
                PyErr_SetString(PyExc_ValueError, "a character past U+1FFF");
                failed = 1;
                break;
            }
            t->flags[ch] |= (uint8_t)(1u << (shift + g));
        }
    }
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

static PyMethodDef TonePlace_methods[] = {
    {"found", (PyCFunction)TonePlace_found, METH_O,
     "Whether a second of a group stands after a first of it, then no word character."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TonePlaceType = {
    PyVarObject_HEAD_INIT(NULL, 0).tp_name = "normcorpus.accel._tonepass.TonePlace",
    .tp_basicsize = sizeof(TonePlace),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "TonePlace(firsts, seconds): groups of characters (see tonepass.py).",
    .tp_new = PyType_GenericNew,
    .tp_init = (initproc)TonePlace_init,
    .tp_methods = TonePlace_methods,
};

static struct PyModuleDef module = {
    .m_base = PyModuleDef_HEAD_INIT,
    .m_name = "_tonepass",
    .m_doc = "Where a tone mark may move (see tonepass.py).",
    .m_size = -1,
};

PyMODINIT_FUNC PyInit__tonepass(void)
{
    make_word_bits();
    if (PyType_Ready(&TonePlaceType) < 0)
        return NULL;
    PyObject *m = PyModule_Create(&module);
    if (!m)
        return NULL;
    Py_INCREF(&TonePlaceType);
    if (PyModule_AddObject(m, "TonePlace", (PyObject *)&TonePlaceType) < 0) {
        Py_DECREF(&TonePlaceType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
