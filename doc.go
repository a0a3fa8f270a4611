// Package mspeval holds the domain of the service: workspaces, users, evaluations,
// candidates, invitations and responses, the error type every layer speaks, and the
// small rules that decide how those objects move between states.
//
// It imports no framework, no database driver and no HTTP code; the store, api and
// cmd packages depend on it, never the other way round. The questionnaire model lives
// in the questions package, which is equally plain.
package mspeval
