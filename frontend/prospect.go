package frontend

import "github.com/gin-gonic/gin"

// registerProspect adds a campaign's public pages and what a prospect gets
// after submitting.
func (ui *UI) registerProspect(r *gin.RouterGroup) {}
