package server_test

import (
	"testing"

	"github.com/gin-gonic/gin"

	"mspeval/store/storetest"
)

func TestMain(m *testing.M) {
	gin.SetMode(gin.ReleaseMode)
	storetest.Main(m)
}
