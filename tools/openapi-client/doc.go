// Package openapiclient checks that mspeval's API description serves a third
// party: oapi-codegen, a code generator pinned in this module's go.mod, turns
// api/openapi.yaml into the types and client of client.gen.go, and the tests
// drive the real service (the mspeval binary, built from this repository)
// with that client alone.
//
// client.gen.go is made from the description every time and never committed,
// so it cannot fall behind the document. From this folder:
//
//	go generate && go test -count=1 ./...
//
// The module is separate from mspeval's own so that the generator and its
// dependencies stay out of the service's go.mod. It imports nothing of
// mspeval and reaches it over HTTP only, as any other client would.
package openapiclient

//go:generate go tool oapi-codegen -config oapi-codegen.yaml ../../api/openapi.yaml
