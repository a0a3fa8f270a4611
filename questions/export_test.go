package questions

import "io/fs"

// BuiltinFS exposes the embedded questionnaire files to the package's tests.
func BuiltinFS() fs.FS { return builtinFS }
