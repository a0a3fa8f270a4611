package main

import (
	"testing"

	"mspeval/store/storetest"
)

func TestMain(m *testing.M) { storetest.Main(m) }
