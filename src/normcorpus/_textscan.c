/* Quick scans of a whole text in C (normcorpus._textscan): see check.py.
 *
 * `ends_in_pair(text, firsts, seconds)`: whether some character of `seconds`
 * follows a character of `firsts` and ends a word there (the next character,
 * if any, is neither a \w character as the standard library's re defines it
 * nor a combining mark U+0300-U+036F). `firsts` and `seconds` are lists of
 * strings of the same length: the pair must come from the same position.
 *
 * check.vietnamese asks it, with the tone placements normalize.tone_marks
 * moves (`oà`, `uý`, ...), whether a text needs normalising: the regex that
 * says the same (check._TONE_CANDIDATE) reads every character through sre's
 * character-class machinery, ten times slower. Which characters count lives in
 * check.py; tests/test_check.py checks that the two agree.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#include "accel/_ctable.h"

static int in_string(PyObject *chars, Py_UCS4 ch)
{
    int kind = PyUnicode_KIND(chars);
    const void *data = PyUnicode_DATA(chars);
    for (Py_ssize_t k = 0, n = PyUnicode_GET_LENGTH(chars); k < n; k++)
        if (PyUnicode_READ(kind, data, k) == ch)
            return 1;
    return 0;
}

/* The scan for one character width (`kind` a constant where it is inlined). */
static inline int scan(int kind, const void *data, Py_ssize_t size, uint64_t ascii_firsts[2],
                       PyObject *firsts, PyObject *seconds)
{
    Py_ssize_t groups = PyList_GET_SIZE(firsts);
    for (Py_ssize_t i = 1; i < size; i++) {
        Py_UCS4 first = PyUnicode_READ(kind, data, i - 1);
        /* Most characters are no pair's first: one bit says so. */
        if (first < 128 && !((ascii_firsts[first >> 6] >> (first & 63)) & 1))
            continue;
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        for (Py_ssize_t g = 0; g < groups; g++) {
            if (!in_string(PyList_GET_ITEM(firsts, g), first) ||
                !in_string(PyList_GET_ITEM(seconds, g), ch))
                continue;
            if (i + 1 == size)
                return 1;
            Py_UCS4 next = PyUnicode_READ(kind, data, i + 1);
            if (!is_word(next) && !(next >= 0x300 && next <= 0x36f))
                return 1;
        }
    }
    return 0;
}

static PyObject *ends_in_pair(PyObject *Py_UNUSED(module), PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 3) {
        PyErr_SetString(PyExc_TypeError, "ends_in_pair(text, firsts, seconds)");
        return NULL;
    }
    PyObject *text = args[0], *firsts = args[1], *seconds = args[2];
    if (!PyUnicode_Check(text) || !PyList_Check(firsts) || !PyList_Check(seconds) ||
        PyList_GET_SIZE(firsts) != PyList_GET_SIZE(seconds)) {
        PyErr_SetString(PyExc_TypeError,
                        "ends_in_pair takes a str and two lists of str of one length");
        return NULL;
    }
    uint64_t ascii_firsts[2] = {0, 0};
    for (Py_ssize_t g = 0; g < PyList_GET_SIZE(firsts); g++) {
        PyObject *group = PyList_GET_ITEM(firsts, g);
        if (!PyUnicode_Check(group) || !PyUnicode_Check(PyList_GET_ITEM(seconds, g)) ||
            PyUnicode_READY(group) < 0 || PyUnicode_READY(PyList_GET_ITEM(seconds, g)) < 0) {
            PyErr_SetString(PyExc_TypeError, "ends_in_pair: firsts and seconds hold str");
            return NULL;
        }
        int kind = PyUnicode_KIND(group);
        const void *data = PyUnicode_DATA(group);
        for (Py_ssize_t k = 0; k < PyUnicode_GET_LENGTH(group); k++) {
            Py_UCS4 ch = PyUnicode_READ(kind, data, k);
            if (ch < 128)
                ascii_firsts[ch >> 6] |= 1ULL << (ch & 63);
        }
    }
    if (PyUnicode_READY(text) < 0)
        return NULL;
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t size = PyUnicode_GET_LENGTH(text);
    int found;
    switch (PyUnicode_KIND(text)) {
    case PyUnicode_1BYTE_KIND:
        found = scan(PyUnicode_1BYTE_KIND, data, size, ascii_firsts, firsts, seconds);
        break;
    case PyUnicode_2BYTE_KIND:
        found = scan(PyUnicode_2BYTE_KIND, data, size, ascii_firsts, firsts, seconds);
        break;
    default:
        found = scan(PyUnicode_4BYTE_KIND, data, size, ascii_firsts, firsts, seconds);
    }
    return PyBool_FromLong(found);
}

static PyMethodDef textscan_methods[] = {
    {"ends_in_pair", (PyCFunction)(void (*)(void))ends_in_pair, METH_FASTCALL,
     "ends_in_pair(text, firsts, seconds): a pair of characters ending a word"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef textscan_module = {
    PyModuleDef_HEAD_INIT, "_textscan", "Quick scans of a whole text in C (see check.py).", -1,
    textscan_methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__textscan(void)
{
    make_word_bits();
    return PyModule_Create(&textscan_module);
}
