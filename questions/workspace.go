package questions

import (
	"fmt"
	"regexp"
	"strings"
)

// A workspace's own questionnaires share one key space with the built-ins:
// evaluations, candidates and the stored versions name a questionnaire by key
// and version alone, and the database's primary key is that pair. So the key a
// workspace's questionnaire is stored under is its author's key namespaced by
// the workspace: "ws-<workspace id>-<local key>". Two workspaces that both
// clone partner-selection get two questionnaires that cannot collide, a
// version found by key alone is known to belong to one workspace, and no
// built-in can take such a key (Builtin refuses the prefix). Files keep the
// local key (Export writes it, an import namespaces it again), so a file moves
// between workspaces unchanged.
const workspacePrefix = "ws-"

// workspaceIDLength is the length of a workspace's ID (mspeval.NewID).
const workspaceIDLength = 26

// MaxLocalKeyLength is the longest key an author may give a workspace's
// questionnaire: the namespaced key must still fit the 64 characters of a key.
const MaxLocalKeyLength = 64 - len(workspacePrefix) - workspaceIDLength - 1

var (
	workspaceKeyPattern = regexp.MustCompile(`^ws-[0-9a-z]{26}-`)
	localKeyPattern     = regexp.MustCompile(fmt.Sprintf(`^[a-z][a-z0-9-]{0,%d}$`, MaxLocalKeyLength-1))
)

// WorkspaceKey returns the key a workspace's questionnaire is stored under.
func WorkspaceKey(workspaceID, local string) string {
	return workspacePrefix + workspaceID + "-" + local
}

// LocalKey returns a key without its workspace namespace; a built-in's key is
// returned as it is.
func LocalKey(key string) string {
	if loc := workspaceKeyPattern.FindStringIndex(key); loc != nil {
		return key[loc[1]:]
	}
	return key
}

// KeyWorkspace returns the workspace a namespaced key belongs to, and false
// for a built-in's key.
func KeyWorkspace(key string) (string, bool) {
	if !workspaceKeyPattern.MatchString(key) {
		return "", false
	}
	return key[len(workspacePrefix) : len(workspacePrefix)+workspaceIDLength], true
}

// CheckLocalKey says what is wrong with a key an author gives a workspace's
// questionnaire, "" when nothing.
func CheckLocalKey(local string) string {
	switch {
	case strings.HasPrefix(local, workspacePrefix):
		return fmt.Sprintf("key %q: keys starting with %q are reserved for the workspace's namespace; leave the prefix out", local, workspacePrefix)
	case !localKeyPattern.MatchString(local):
		return fmt.Sprintf("key %q: use 1 to %d lower-case letters, digits or '-', starting with a letter", local, MaxLocalKeyLength)
	}
	return ""
}

// Export writes a questionnaire as a file to keep or to import elsewhere: the
// built-in files' format (Encode), under its local key.
func Export(q *Questionnaire) ([]byte, error) {
	cp := *q
	cp.Key = LocalKey(q.Key)
	return Encode(&cp)
}
