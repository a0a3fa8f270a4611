package frontend

import "github.com/gin-gonic/gin"

// registerSales adds the sales team's pages: campaign settings, leads, branding.
func (ui *UI) registerSales(r *gin.RouterGroup) {}
