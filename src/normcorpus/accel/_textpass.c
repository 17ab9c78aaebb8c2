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
 * says nothing, the caller asks its own rule. No linguistics lives here.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Characters whose lower case is not Py_UNICODE_TOLOWER's one character. */
static inline int unsure(Py_UCS4 ch)
{
    return ch == 0x0130 || ch == 0x03A3;
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
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t at = 0, previous = -1, previous_end = -1;
    for (;;) {
        while (at < length && Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at)))
            at++;
        if (at >= length)
            Py_RETURN_FALSE;
        Py_ssize_t start = at;
        while (at < length && !Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at)))
            at++;
        if (previous >= 0) {
            /* Does this word (start..at) begin with the previous one, lower-cased? */
            Py_ssize_t k = 0, size = previous_end - previous;
            for (;; k++) {
                if (k == size)
                    Py_RETURN_TRUE; /* the previous word begins this one */
                if (start + k == at)
                    break; /* this word is shorter: one character lowers to one */
                Py_UCS4 a = PyUnicode_READ(kind, data, previous + k);
                Py_UCS4 b = PyUnicode_READ(kind, data, start + k);
                if (unsure(a) || unsure(b))
                    Py_RETURN_TRUE;
                if (a != b && Py_UNICODE_TOLOWER(a) != Py_UNICODE_TOLOWER(b))
                    break;
            }
        }
        previous = start;
        previous_end = at;
    }
}

static PyMethodDef textpass_methods[] = {
    {"may_begin_next", may_begin_next, METH_O,
     "False only when no lower-cased word of the text begins the next one."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef textpass_module = {
    PyModuleDef_HEAD_INIT, "_textpass", "Questions about a text in one pass (see textpass.py).", -1,
    textpass_methods,
};

PyMODINIT_FUNC PyInit__textpass(void)
{
    return PyModule_Create(&textpass_module);
}
