package api

import (
	_ "embed"
	"encoding/json"
	"net/http"

	"github.com/gin-gonic/gin"
	"gopkg.in/yaml.v3"
)

// OpenAPIYAML is the API's OpenAPI 3 document. The API tests validate every
// request they make and every response they get against it.
//
//go:embed openapi.yaml
var OpenAPIYAML []byte

var openAPIJSON = func() []byte {
	var doc any
	if err := yaml.Unmarshal(OpenAPIYAML, &doc); err != nil {
		panic("api: openapi.yaml does not parse: " + err.Error())
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic("api: openapi.yaml does not convert to JSON: " + err.Error())
	}
	return b
}()

func (s *Server) openAPIJSON(c *gin.Context) {
	c.Data(http.StatusOK, "application/json", openAPIJSON)
}

func (s *Server) openAPIYAML(c *gin.Context) {
	c.Data(http.StatusOK, "application/yaml", OpenAPIYAML)
}
